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

    /// An engine writing through `connection`; `progress` is called after each batch and
    /// `redactText` masks secrets in a refused row's error before it is logged.
    public init(
        connection: Connection, logger: Logger, redactText: @escaping (String) -> String = { $0 },
        progress: @escaping (BackfillProgress) -> Void = { _ in }
    ) {
        self.connection = connection
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
            try connection.execute(BackfillSQL.createEligible)
            // One batch takes `limit` rows; one more tells whether older eligible rows remain.
            let cap: Int? = options.all ? nil : options.limit.used + 1
            let available = try connection.query(BackfillSQL.fillEligible, [cap]).affectedRows
            let eligible = options.all ? available : min(available, options.limit.used)
            logger.info("backfill started", metadata: ["run_id": "\(runID)", "eligible": "\(eligible)"])
            var cursor = Int64(Int32.max) + 1
            var taken = 0
            repeat {
                let ids = Self.parseIntArray(
                    try connection.query(BackfillSQL.batchIDs, [taken, taken + options.limit.used]).first?["ids"]
                        ?? "{}")
                // The last batch also counts the covered rows below its oldest id.
                let lowest = taken + ids.count < available ? Int64(ids.last ?? 0) : Int64(Int32.min)
                let scanned = try connection.query(BackfillSQL.countSpan, [lowest, cursor]).first?.int("scanned") ?? 0
                outcome.scanned += scanned
                outcome.skipped += scanned - ids.count
                cursor = lowest
                guard !ids.isEmpty else { break }
                outcome.batches += 1
                if options.dryRun {
                    outcome.wouldInsert += ids.count
                } else {
                    let ords = (taken + 1)...(taken + ids.count)
                    let result = try connection.transaction {
                        try insert(ords: ords, batchStart: ords.lowerBound, ids: ids, runID: runID)
                    }
                    outcome.inserted += result.inserted
                    outcome.failed += result.failed
                }
                taken += ids.count
                progress(
                    BackfillProgress(
                        batch: outcome.batches, scanned: outcome.scanned, inserted: outcome.inserted,
                        failed: outcome.failed.count, eligibleTotal: options.all ? eligible : nil,
                        elapsedSeconds: (clock.now - start).seconds))
            } while taken < eligible
        } catch {
            outcome.failure = .from(error)
        }
        return outcome
    }

    /// Inserts the eligible rows `ords` under a savepoint; when the database refuses the set,
    /// splits it in halves until each bad row stands alone. `ids` are the source ids of the
    /// whole batch, the first one at ord `batchStart`. Fatal errors (lost connection, resources)
    /// propagate so the caller's transaction rolls back whole.
    private func insert(
        ords: ClosedRange<Int>, batchStart: Int, ids: [Int], runID: String
    ) throws -> (inserted: Int, failed: [FailedRow]) {
        do {
            let inserted = try connection.savepoint {
                try connection.query(BackfillSQL.insertBatch, [ords.lowerBound, ords.upperBound, runID]).affectedRows
            }
            return (inserted, [])
        } catch let error as PostgresError where !error.isFatal {
            if ords.count == 1 {
                let id = ids[ords.lowerBound - batchStart]
                logger.warning(
                    "row refused",
                    metadata: ["run_id": "\(runID)", "id": "\(id)", "error": "\(redactText(error.description))"])
                return (0, [FailedRow(id: id, error: error.description)])
            }
            let middle = ords.lowerBound + ords.count / 2
            let upper = try insert(ords: ords.lowerBound...(middle - 1), batchStart: batchStart, ids: ids, runID: runID)
            let lower = try insert(ords: middle...ords.upperBound, batchStart: batchStart, ids: ids, runID: runID)
            return (upper.inserted + lower.inserted, upper.failed + lower.failed)
        }
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
