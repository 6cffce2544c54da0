public import Foundation
public import Logging
import Postgres

/// One whole backfill as the CLI, the nightly job and the server run it: connect, run the
/// engine, store the run record (JSON + Markdown) and answer with a report.
public struct BackfillJob: Sendable {
    /// libpq URL or key-value string; nil reads the `PG*` environment.
    public var databaseURL: String?
    /// Where run records are kept.
    public var store: RunStore
    /// Masks each record's secrets and renders its Markdown summary.
    public var reporting: RunReporting
    /// Seconds to wait for the database to answer a connection (nil: libpq's default, which
    /// waits as long as the operating system does).
    public var connectTimeout: Int?

    /// - Parameters:
    ///   - databaseURL: libpq URL or key-value string; nil reads the `PG*` environment.
    ///   - stateDirectory: where run records are kept (`<state>/runs/`).
    ///   - reporting: masks each record's secrets and renders its Markdown summary.
    public init(databaseURL: String?, stateDirectory: URL, reporting: RunReporting) {
        self.databaseURL = databaseURL
        self.store = RunStore(stateDirectory: stateDirectory)
        self.reporting = reporting
    }

    /// What a job produced. `record` is nil when nothing ran: another run held the lock, or the
    /// database could not be reached (`reachedDatabase` false). Such a run is no run: it is
    /// not stored, so the run history, the feed and the trends hold only what happened.
    public struct Result: Sendable {
        /// What the engine did.
        public var outcome: BackfillOutcome
        /// The stored record.
        public var record: RunRecord?
        /// The stored Markdown summary (nil when it could not be written).
        public var markdown: String?
        /// The answer for the API and `--json`.
        public var report: BackfillReport
        /// Whether a connection to the database was opened.
        public var reachedDatabase = true
    }

    /// Runs one backfill with `options`, logging to `logger`, calling `connected` once its
    /// connection is open and `progress` after each batch.
    public func run(
        _ options: BackfillOptions, logger: Logger, connected: () -> Void = {},
        progress: @escaping (BackfillProgress) -> Void = { _ in }
    ) -> Result {
        let runID = RunRecord.makeID()
        var logger = logger
        logger[metadataKey: "run_id"] = "\(runID)"
        let started = Date()
        let outcome: BackfillOutcome
        let connection: Connection
        do {
            connection = try Connection(url: databaseURL, connectTimeout: connectTimeout)
        } catch {
            return unreachable(BackfillOutcome(failure: .from(error)), options: options, since: started, logger: logger)
        }
        let target = connection.target
        connected()
        let (databaseURL, connectTimeout) = (self.databaseURL, self.connectTimeout)
        outcome = BackfillEngine(
            connection: connection, connect: { try Connection(url: databaseURL, connectTimeout: connectTimeout) },
            logger: logger,
            redactText: reporting.redactText, progress: progress
        ).run(options, runID: runID)
        let finished = Date()
        if outcome.wasAlreadyRunning {
            let report = BackfillReport(outcome: outcome, options: options, runID: nil, durationMs: 0)
            return Result(outcome: outcome, record: nil, markdown: nil, report: report)
        }
        let record = reporting.redact(
            RunRecord(
                runID: runID, trigger: options.trigger, startedAt: started, finishedAt: finished, options: options,
                outcome: outcome, database: target))
        var markdown: String?
        do {
            markdown = try store.save(record, summarize: reporting.summarize)
        } catch {
            logger.error("could not store the run record", metadata: ["error": "\(error)"])
        }
        logger.info(
            "backfill finished",
            metadata: [
                "success": "\(outcome.success)", "inserted": "\(outcome.inserted)", "scanned": "\(outcome.scanned)",
                "skipped": "\(outcome.skipped)", "failed": "\(outcome.failed.count)",
            ])
        // The answer carries the record's masked text, never the engine's.
        var report = BackfillReport(outcome: outcome, options: options, runID: runID, durationMs: record.durationMs)
        report.error = record.error
        report.failedRows = Array(record.failed.prefix(BackfillReport.failedRowsShown))
        return Result(outcome: outcome, record: record, markdown: markdown, report: report)
    }

    /// The answer when no connection could be opened: nothing ran, so nothing is stored.
    private func unreachable(
        _ outcome: BackfillOutcome, options: BackfillOptions, since started: Date, logger: Logger
    ) -> Result {
        let durationMs = Int(Date().timeIntervalSince(started) * 1000)
        var report = BackfillReport(outcome: outcome, options: options, runID: nil, durationMs: durationMs)
        report.error = report.error.map(reporting.redactText)
        logger.error(
            "backfill not run: the database could not be reached (no run recorded)",
            metadata: ["error": "\(report.error ?? "")"])
        return Result(outcome: outcome, record: nil, markdown: nil, report: report, reachedDatabase: false)
    }
}
