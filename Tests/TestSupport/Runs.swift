public import Foundation
import Logging
import RunSummaries
public import Telemetry

/// Helpers to run the backfill as the CLI does, with a private state folder per test.
public struct BackfillHarness: Sendable {
    public let database: TestDatabase
    public let state: URL

    public init(_ database: TestDatabase) {
        self.database = database
        state = temporaryFolder("ts-state")
    }

    public var job: BackfillJob {
        BackfillJob(databaseURL: database.url, stateDirectory: state, reporting: .markdown(redactor: nil))
    }

    public func run(limit: Int = 1000, all: Bool = false, dryRun: Bool = false, jobs: Int = 1) -> BackfillJob.Result {
        var options = BackfillOptions(limit: BackfillLimit(requested: limit), all: all, dryRun: dryRun)
        options.jobs = jobs
        return job.run(options, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Telemetry rows made by the backfill.
    public func backfilledCount() throws -> Int {
        try database.count(
            "SELECT count(*) FROM telemetry_automated_signals_log WHERE handler_result->>'source' = 'backfill_7L'")
    }

    /// Source ids that got more than one backfilled row (must always be 0).
    public func duplicateCount() throws -> Int {
        try database.count(
            """
            SELECT count(*) FROM (SELECT handler_result->>'automated_signal_id' FROM telemetry_automated_signals_log
             WHERE handler_result->>'source' = 'backfill_7L' GROUP BY 1 HAVING count(*) > 1) d
            """)
    }
}
