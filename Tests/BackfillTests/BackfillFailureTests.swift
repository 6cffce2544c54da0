import Foundation
import Logging
import Postgres
import Redaction
import RunSummaries
import TestSupport
import Testing

@testable import Telemetry

@Suite struct BackfillFailureTests {
    @Test(arguments: [Schema.signalsTable, Schema.telemetryTable])
    func aMissingTableIsNamed(missing: String) throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        try connection.execute(Schema.createTables)
        try connection.execute("DROP TABLE \(missing)")
        let result = BackfillHarness(database).run()
        #expect(!result.report.success)
        #expect(result.outcome.error == "table \(missing) does not exist")
        if case .missingTable(let table) = result.outcome.failure {
            #expect(table == missing)
        } else {
            Issue.record("not a missing table")
        }
        #expect(result.report.error?.contains(missing) == true)
        #expect(result.report.inserted == 0)
    }

    /// With several workers the batches are small, so the poison row's batch runs beside others.
    @Test(arguments: [(1, 5000), (4, 9)]) func aPoisonRowCostsOnlyItself(jobs: Int, limit: Int) throws {
        let database = try TestDatabase.seeded(trades: 40)
        let connection = try database.connect()
        let poison = try #require(
            try connection.query(
                """
                SELECT s.id FROM automated_signals s
                 WHERE NOT EXISTS (SELECT 1 FROM telemetry_automated_signals_log t
                                    WHERE t.raw_payload->>'trade_id' = s.trade_id AND t.raw_payload->>'event_type' = s.event_type)
                 ORDER BY s.id DESC OFFSET 17 LIMIT 1
                """
            ).first?.int("id"))
        try connection.execute(
            """
            CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (NEW.handler_result->>'automated_signal_id')::int = \(poison) THEN
                RAISE EXCEPTION 'poisoned row | with `pipes`';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER poison BEFORE INSERT ON telemetry_automated_signals_log FOR EACH ROW EXECUTE FUNCTION poison();
            """)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let harness = BackfillHarness(database)
        let result = harness.run(limit: limit, all: true, jobs: jobs)
        #expect(result.report.success)
        #expect(result.report.failed == 1)
        #expect(result.report.failedRows == [FailedRow(id: poison, error: result.report.failedRows.first?.error ?? "")])
        #expect(result.report.failedRows.first?.error.contains("poisoned row") == true)
        #expect(result.report.inserted == eligible - 1)
        // The count is what the database committed.
        #expect(try harness.backfilledCount() == result.report.inserted)
        let markdown = try String(
            contentsOf: harness.job.store.markdownURL(try #require(result.report.runID)), encoding: .utf8)
        #expect(markdown.contains("<details><summary>Failed rows (1)</summary>"))
        #expect(markdown.contains("| \(poison) | poisoned row \\| with \\`pipes\\`"))
    }

    /// A refused row's error can quote the row; what the job stores, answers and logs is masked.
    @Test func aSecretInARefusedRowsErrorIsMaskedInTheAnswerRecordAndLog() throws {
        let database = try TestDatabase.seeded(trades: 20)
        let connection = try database.connect()
        let secret = "Bearer s3cr3tT0k3nV4lu3xyz"
        try connection.execute(
            """
            CREATE FUNCTION leaky() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (NEW.handler_result->>'automated_signal_id')::int % 7 = 0 THEN
                RAISE EXCEPTION 'refused: upstream said Authorization: \(secret)';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER leaky BEFORE INSERT ON telemetry_automated_signals_log FOR EACH ROW EXECUTE FUNCTION leaky();
            """)
        let harness = BackfillHarness(database)
        let redactor = Redactor(rules: .defaults(), key: RedactionKey(bytes: Array(repeating: 3, count: 32)))
        let logs = CapturedLogs()
        let job = BackfillJob(
            databaseURL: database.url, stateDirectory: harness.state, reporting: .markdown(redactor: redactor))
        let result = job.run(BackfillOptions(limit: BackfillLimit(requested: 5000)), logger: logs.logger)
        #expect(result.report.success)
        #expect(!result.report.failedRows.isEmpty)
        let answer = String(decoding: try JSONEncoder().encode(result.report), as: UTF8.self)
        let record = try String(contentsOf: job.store.jsonURL(try #require(result.report.runID)), encoding: .utf8)
        for (name, text) in [
            ("answer", answer), ("record", record), ("summary", result.markdown ?? ""),
            ("log", logs.all.joined(separator: "\n")),
        ] {
            #expect(!text.contains("s3cr3tT0k3n"), "the \(name) leaks the secret: \(text.prefix(600))")
            #expect(text.contains("[redacted:bearer:"), "the \(name) has no marker: \(text.prefix(600))")
        }
    }

    /// Four workers, batches of 10: the worker whose connection is killed loses only its open
    /// batch; what the others committed is counted, the run reports the error, and the next run
    /// inserts the rest without a duplicate.
    @Test func aKilledWorkerRollsBackOnlyItsOwnBatch() throws {
        let database = try TestDatabase.seeded(trades: 60)
        let connection = try database.connect()
        let newestFirst =
            BackfillOracle.eligibleSQL.replacingOccurrences(of: "count(*)", with: "s.id")
            + " ORDER BY s.id DESC"
        let batch = try connection.query(newestFirst + " OFFSET 40 LIMIT 10").rows.compactMap { $0.int("id") }
        let victim = batch[5]
        try Self.killTheBackendInserting(victim, on: connection)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let harness = BackfillHarness(database)
        let failed = harness.run(limit: 10, all: true, jobs: 4)
        #expect(!failed.report.success)
        #expect(failed.report.error?.contains("terminat") == true, "\(failed.report.error ?? "")")
        #expect(failed.record?.success == false)
        #expect(failed.report.inserted == (try harness.backfilledCount()), "the counts are what was committed")
        #expect(failed.report.inserted >= 30 && failed.report.inserted < eligible)
        let list = batch.map(String.init).joined(separator: ",")
        #expect(
            try database.count(
                """
                SELECT count(*) FROM telemetry_automated_signals_log
                 WHERE handler_result->>'source' = 'backfill_7L' AND (handler_result->>'automated_signal_id')::int IN (\(list))
                """) == 0, "the killed worker's batch rolled back whole")
        try connection.execute("DROP TRIGGER kill_me ON telemetry_automated_signals_log")
        let next = harness.run(limit: 10, all: true, jobs: 4)
        #expect(next.report.success)
        #expect(next.report.inserted == eligible - failed.report.inserted)
        #expect(try harness.backfilledCount() == eligible)
        #expect(try harness.duplicateCount() == 0)
    }

    @Test func aKilledConnectionRollsBackTheWholeBatch() throws {
        let database = try TestDatabase.seeded(trades: 40)
        let connection = try database.connect()
        let victim = try #require(
            try connection.query(
                BackfillOracle.eligibleSQL.replacingOccurrences(of: "count(*)", with: "s.id")
                    + " ORDER BY s.id DESC OFFSET 5 LIMIT 1"
            ).first?.int("id"))
        try Self.killTheBackendInserting(victim, on: connection)
        let harness = BackfillHarness(database)
        let failed = harness.run(limit: 5000)
        #expect(!failed.report.success)
        if case .database(let error) = failed.outcome.failure {
            #expect(error.kind == .connectionLost || error.kind == .connectionFailed, "\(error)")
        } else {
            Issue.record("not a database failure: \(String(describing: failed.outcome.failure))")
        }
        #expect(failed.report.inserted == 0)
        #expect(failed.report.error?.contains("terminat") == true, "\(failed.report.error ?? "")")
        #expect(try harness.backfilledCount() == 0)
        #expect(failed.record?.success == false)

        try connection.execute("DROP TRIGGER kill_me ON telemetry_automated_signals_log")
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let next = harness.run(limit: 5000)
        #expect(next.report.success)
        #expect(next.report.inserted == eligible)
    }

    @Test func aRunWhileAnotherHoldsTheLockInsertsNothing() throws {
        let database = try TestDatabase.seeded(trades: 10)
        let holder = try database.connect()
        #expect(try holder.tryAdvisoryLock(BackfillSQL.lockKey))
        let harness = BackfillHarness(database)
        let blocked = harness.run()
        #expect(blocked.outcome.wasAlreadyRunning)
        #expect(blocked.report.error == "a backfill is already running")
        #expect(blocked.record == nil)
        #expect(try harness.backfilledCount() == 0)
        try holder.advisoryUnlock(BackfillSQL.lockKey)
        #expect(harness.run().report.success)
    }

    @Test(arguments: [1, 3]) func twoRunsAtOnceNeverDuplicate(jobs: Int) async throws {
        let database = try TestDatabase.seeded(trades: 300, seed: 3)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let harness = BackfillHarness(database)
        let reports = await withTaskGroup(of: BackfillReport.self) { group in
            for _ in 0..<2 { group.addTask { harness.run(limit: 100, all: true, jobs: jobs).report } }
            var reports: [BackfillReport] = []
            for await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.map(\.inserted).reduce(0, +) == eligible)
        for report in reports where !report.success {
            #expect(report.error == "a backfill is already running")
            #expect(report.inserted == 0)
        }
        #expect(try harness.backfilledCount() == eligible)
        #expect(try harness.duplicateCount() == 0)
    }

    @Test func anUnreachableServerIsAClearErrorWithoutThePasswordAndNoRun() throws {
        let state = temporaryFolder()
        let job = BackfillJob(
            databaseURL: "postgresql://alice:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2",
            stateDirectory: state,
            reporting: .markdown(redactor: nil))
        let result = job.run(BackfillOptions(), logger: .init(label: "test"))
        #expect(!result.report.success)
        let error = try #require(result.report.error)
        #expect(error.contains("host 127.0.0.1 port 1 database nowhere"))
        #expect(!error.contains("s3cret-pw"))
        // Nothing ran, so nothing is recorded: no run for the runs page, the feed or the trends.
        #expect(!result.reachedDatabase)
        #expect(result.record == nil)
        #expect(result.report.runID == nil)
        #expect(try job.store.all().isEmpty)
    }

    /// A trigger that ends the inserting connection's backend when it inserts the backfilled row
    /// of signal `victim` (as a server restart or an administrator would).
    static func killTheBackendInserting(_ victim: Int, on connection: Connection) throws {
        try connection.execute(
            """
            CREATE FUNCTION kill_me() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (NEW.handler_result->>'automated_signal_id')::int = \(victim) THEN
                PERFORM pg_terminate_backend(pg_backend_pid());
                PERFORM pg_sleep(5);
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER kill_me BEFORE INSERT ON telemetry_automated_signals_log FOR EACH ROW EXECUTE FUNCTION kill_me();
            """)
    }
}
