import Foundation
import Logging
import Postgres

/// One batch of a run: the eligible source ids it inserts and the source rows it looked at.
struct BackfillBatch: Sendable {
    var ids: [Int]
    var scanned: Int
}

/// A connection owned by one worker thread at a time (`Connection` is not thread-safe; the
/// workers never share one).
final class WorkerConnection: @unchecked Sendable {
    let connection: Connection

    init(_ connection: Connection) {
        self.connection = connection
    }
}

/// Inserts a run's batches on N connections at once, each batch its own transaction with the
/// savepoint-and-bisect fallback. Workers take the next batch in order (newest first); after a
/// fatal error (a lost connection) no worker takes another batch, the batches already committed
/// stay counted, and the error is the run's.
final class BackfillWorkers: @unchecked Sendable {
    private let connections: [WorkerConnection]
    private let batches: [BackfillBatch]
    private let runID: String
    private let logger: Logger
    private let redactText: (String) -> String
    private let report: (BackfillOutcome) -> Void
    private let lock = NSLock()
    private var next = 0
    private var outcome: BackfillOutcome

    /// - Parameter report: called (one call at a time) after each committed batch with the
    ///   counts so far.
    init(
        connections: [Connection], batches: [BackfillBatch], runID: String, logger: Logger,
        redactText: @escaping (String) -> String, outcome: BackfillOutcome,
        report: @escaping (BackfillOutcome) -> Void
    ) {
        self.connections = connections.map(WorkerConnection.init)
        self.batches = batches
        self.runID = runID
        self.logger = logger
        self.redactText = redactText
        self.outcome = outcome
        self.report = report
    }

    /// Runs every batch, a thread per connection (the calling thread works on the first): the
    /// workers mostly wait for PostgreSQL, so they run at once whatever the number of cores.
    /// Returns the outcome with what was committed.
    func run() -> BackfillOutcome {
        let group = DispatchGroup()
        for worker in connections.dropFirst() {
            group.enter()
            let thread = Thread { [self] in
                work(on: worker.connection)
                group.leave()
            }
            thread.name = "telemetry-site.backfill-worker"
            thread.start()
        }
        work(on: connections[0].connection)
        group.wait()
        return lock.withLock {
            outcome.failed.sort { $0.id > $1.id }
            return outcome
        }
    }

    private func work(on connection: Connection) {
        while let batch = take() {
            if batch.ids.isEmpty {
                // Only covered rows: they count as scanned and skipped.
                lock.withLock {
                    outcome.scanned += batch.scanned
                    outcome.skipped += batch.scanned
                }
                continue
            }
            do {
                let result = try connection.transaction { try insert(batch.ids[...], on: connection) }
                lock.withLock {
                    outcome.batches += 1
                    outcome.scanned += batch.scanned
                    outcome.skipped += batch.scanned - batch.ids.count
                    outcome.inserted += result.inserted
                    outcome.failed += result.failed
                    report(outcome)
                }
            } catch {
                lock.withLock { if outcome.failure == nil { outcome.failure = .from(error) } }
                return
            }
        }
    }

    /// The next batch, or nil when none is left or a worker failed.
    private func take() -> BackfillBatch? {
        lock.withLock {
            guard outcome.failure == nil, next < batches.count else { return nil }
            defer { next += 1 }
            return batches[next]
        }
    }

    /// Inserts `ids` under a savepoint; when the database refuses the set, splits it in halves
    /// until each bad row stands alone. Fatal errors (lost connection, resources) propagate so
    /// the batch's transaction rolls back whole.
    private func insert(_ ids: ArraySlice<Int>, on connection: Connection) throws -> (
        inserted: Int, failed: [FailedRow]
    ) {
        do {
            let inserted = try connection.savepoint {
                try connection.query(
                    BackfillSQL.insertIDs, ["{\(ids.map(String.init).joined(separator: ","))}", runID]
                )
                .affectedRows
            }
            return (inserted, [])
        } catch let error as PostgresError where !error.isFatal {
            if ids.count == 1, let id = ids.first {
                logger.warning(
                    "row refused",
                    metadata: ["run_id": "\(runID)", "id": "\(id)", "error": "\(redactText(error.description))"])
                return (0, [FailedRow(id: id, error: error.description)])
            }
            let middle = ids.startIndex + ids.count / 2
            let upper = try insert(ids[..<middle], on: connection)
            let lower = try insert(ids[middle...], on: connection)
            return (upper.inserted + lower.inserted, upper.failed + lower.failed)
        }
    }
}
