import Logging
import Postgres

/// Progress after each batch, for progress bars and log lines.
public struct BackfillProgress: Sendable {
    public var batch: Int
    public var scanned: Int
    public var inserted: Int
    public var failed: Int
    /// Eligible rows at the start of the run (known for `--all` runs).
    public var eligibleTotal: Int?
    public var elapsedSeconds: Double
}

/// Inserts one synthetic telemetry row per `automated_signals` row not yet covered.
///
/// A run holds one advisory lock per database, checks both tables, computes the covered
/// source ids once, then inserts batches newest first, each in its own transaction with a
/// savepoint; a batch the database refuses is bisected until each bad row stands alone.
/// `automated_signals` is only ever read.
public final class BackfillEngine {
    private let connection: Connection
    private let logger: Logger
    private let progress: (BackfillProgress) -> Void

    public init(connection: Connection, logger: Logger, progress: @escaping (BackfillProgress) -> Void = { _ in }) {
        self.connection = connection
        self.logger = logger
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
                return BackfillOutcome(
                    success: false, error: BackfillOutcome.alreadyRunningMessage, failure: .alreadyRunning)
            }
            defer { if connection.isOpen { try? connection.advisoryUnlock(BackfillSQL.lockKey) } }
            for table in [Schema.signalsTable, Schema.telemetryTable] where try !connection.relationExists(table) {
                return BackfillOutcome(
                    success: false, error: "table \(table) does not exist", failure: .missingTable(table))
            }
            try connection.execute(BackfillSQL.createCovered)
            try connection.execute(BackfillSQL.fillCovered)
            let eligible = try connection.query(BackfillSQL.countEligible).first?.int("eligible") ?? 0
            logger.info("backfill started", metadata: ["run_id": "\(runID)", "eligible": "\(eligible)"])
            var cursor = Int64(Int32.max) + 1
            while true {
                let batch = try nextBatch(below: cursor, limit: options.limit.used)
                outcome.scanned += batch.scanned
                outcome.skipped += batch.scanned - batch.ids.count
                guard let lowest = batch.ids.last else { break }
                cursor = Int64(lowest)
                outcome.batches += 1
                if options.dryRun {
                    outcome.wouldInsert += batch.ids.count
                } else {
                    let result = try connection.transaction { try insert(batch.ids[...], runID: runID) }
                    outcome.inserted += result.inserted
                    outcome.failed += result.failed
                }
                progress(
                    BackfillProgress(
                        batch: outcome.batches, scanned: outcome.scanned, inserted: outcome.inserted,
                        failed: outcome.failed.count, eligibleTotal: options.all ? eligible : nil,
                        elapsedSeconds: (clock.now - start).seconds))
                if !options.all || batch.ids.count < options.limit.used { break }
            }
        } catch {
            outcome.success = false
            outcome.error = "\(error)"
            outcome.failure = .database
        }
        return outcome
    }

    private func nextBatch(below cursor: Int64, limit: Int) throws -> (ids: [Int], scanned: Int) {
        let row = try connection.query(BackfillSQL.nextBatch, [cursor, limit]).first
        return (Self.parseIntArray(row?["ids"] ?? "{}"), row?.int("scanned") ?? 0)
    }

    /// Inserts `ids` (newest first, a contiguous run of eligible ids) under a savepoint; when the database refuses the set, splits it in halves
    /// until each bad row stands alone. Fatal errors (lost connection, resources) propagate so
    /// the caller's transaction rolls back whole.
    private func insert(_ ids: ArraySlice<Int>, runID: String) throws -> (inserted: Int, failed: [FailedRow]) {
        do {
            let inserted = try connection.savepoint {
                try connection.query(BackfillSQL.insertBatch, [ids.last ?? 0, ids.first ?? 0, runID]).affectedRows
            }
            return (inserted, [])
        } catch let error as PostgresError where !error.isFatal {
            if ids.count == 1, let id = ids.first {
                logger.warning("row refused", metadata: ["run_id": "\(runID)", "id": "\(id)", "error": "\(error)"])
                return (0, [FailedRow(id: id, error: error.description)])
            }
            let middle = ids.startIndex + ids.count / 2
            let upper = try insert(ids[ids.startIndex..<middle], runID: runID)
            let lower = try insert(ids[middle...], runID: runID)
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
