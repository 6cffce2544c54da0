public import Logging
public import Postgres

/// Progress after each batch, for progress bars and log lines.
public struct BackfillProgress: Sendable {
    /// Batches done so far.
    public var batch: Int
    /// Source rows looked at so far.
    public var scanned: Int
    /// Telemetry rows inserted so far.
    public var inserted: Int
    /// Rows whose insert failed so far.
    public var failed: Int
    /// Eligible rows at the start of the run (known for `--all` runs).
    public var eligibleTotal: Int?
    /// Seconds since the run started.
    public var elapsedSeconds: Double
}

/// Inserts one synthetic telemetry row per `automated_signals` row not yet covered.
///
/// A run holds one advisory lock per database, checks both tables, computes the eligible
/// source ids once, then inserts batches newest first, each in its own transaction with a
/// savepoint; a batch the database refuses is bisected until each bad row stands alone.
/// `automated_signals` is only ever read.
public final class BackfillEngine {
    private let connection: Connection
    private let logger: Logger
    private let progress: (BackfillProgress) -> Void
    private let redactText: (String) -> String
    private let connect: () throws -> Connection

    /// An engine holding the run's lock on `connection`; `connect` opens the connections of the
    /// other workers (`BackfillOptions.jobs`). `progress` is called after each batch (one call
    /// at a time, from any worker's thread) and `redactText` masks secrets in a refused row's
    /// error before it is logged.
    public init(
        connection: Connection, connect: @escaping () throws -> Connection, logger: Logger,
        redactText: @escaping (String) -> String = { $0 }, progress: @escaping (BackfillProgress) -> Void = { _ in }
    ) {
        self.connection = connection
        self.connect = connect
        self.logger = logger
        self.redactText = redactText
        self.progress = progress
    }

    /// Runs a backfill. Never throws: every failure is in the outcome, with what had been
    /// committed before it.
    public func run(_ options: BackfillOptions, runID: String) -> BackfillOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = BackfillOutcome()
        do {
            guard try connection.tryAdvisoryLock(BackfillSQL.lockKey) else {
                return BackfillOutcome(failure: .alreadyRunning)
            }
            defer { if connection.isOpen { try? connection.advisoryUnlock(BackfillSQL.lockKey) } }
            for table in [Schema.signalsTable, Schema.telemetryTable] where try !connection.relationExists(table) {
                return BackfillOutcome(failure: .missingTable(table))
            }
            let (batches, eligible) = try plan(options)
            logger.info(
                "backfill started",
                metadata: ["run_id": "\(runID)", "eligible": "\(eligible)", "jobs": "\(options.jobs)"])
            if options.dryRun {
                for batch in batches {
                    outcome.batches += batch.ids.isEmpty ? 0 : 1
                    outcome.scanned += batch.scanned
                    outcome.skipped += batch.scanned - batch.ids.count
                    outcome.wouldInsert += batch.ids.count
                }
                return outcome
            }
            // The lock's session works too; the other workers get connections of their own.
            let jobs = max(1, min(options.jobs, batches.count))
            var connections = [connection]
            for _ in 1..<max(1, jobs) { connections.append(try connect()) }
            let progress = self.progress
            outcome = BackfillWorkers(
                connections: connections, batches: batches, runID: runID, logger: logger, redactText: redactText,
                outcome: outcome,
                report: { done in
                    progress(
                        BackfillProgress(
                            batch: done.batches, scanned: done.scanned, inserted: done.inserted,
                            failed: done.failed.count, eligibleTotal: options.all ? eligible : nil,
                            elapsedSeconds: (clock.now - start).seconds))
                }
            ).run()
        } catch {
            outcome.failure = .from(error)
        }
        return outcome
    }

    /// The run's batches, newest first, each with the source rows it covers (eligible plus
    /// skipped), computed once under the lock; and how many rows are eligible.
    private func plan(_ options: BackfillOptions) throws -> (batches: [BackfillBatch], eligible: Int) {
        try connection.execute(BackfillSQL.createEligible)
        // One batch takes `limit` rows; one more tells whether older eligible rows remain.
        let cap: Int? = options.all ? nil : options.limit.used + 1
        let available = try connection.query(BackfillSQL.fillEligible, [cap]).affectedRows
        let eligible = options.all ? available : min(available, options.limit.used)
        var batches: [BackfillBatch] = []
        var cursor = Int64(Int32.max) + 1
        var taken = 0
        repeat {
            let ids = Self.parseIntArray(
                try connection.query(BackfillSQL.batchIDs, [taken, taken + options.limit.used]).first?["ids"] ?? "{}")
            // The last batch also counts the covered rows below its oldest id.
            let lowest = taken + ids.count < available ? Int64(ids.last ?? 0) : Int64(Int32.min)
            let scanned = try connection.query(BackfillSQL.countSpan, [lowest, cursor]).first?.int("scanned") ?? 0
            cursor = lowest
            if ids.isEmpty {
                // Nothing eligible: the covered rows still count as scanned.
                if scanned > 0 { batches.append(BackfillBatch(ids: [], scanned: scanned)) }
                break
            }
            batches.append(BackfillBatch(ids: ids, scanned: scanned))
            taken += ids.count
        } while taken < eligible
        return (batches, eligible)
    }

    static func parseIntArray(_ text: String) -> [Int] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
