import Foundation
import Postgres
import TestSupport
import Testing

@testable import Telemetry

@Suite struct BackfillEngineTests {
    /// `jobs: 4` really inserts on four connections at once: a trigger records each inserting
    /// backend and holds every batch's first row a moment, so batches overlap.
    @Test func severalJobsInsertOnSeveralConnectionsAtOnce() throws {
        let database = try TestDatabase.seeded(trades: 60)
        try database.connect().execute(
            """
            CREATE TABLE inserting (pid integer, at timestamptz DEFAULT clock_timestamp());
            CREATE FUNCTION note_backend() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO inserting (pid) VALUES (pg_backend_pid());
              PERFORM pg_sleep(0.2);
              RETURN NULL;
            END $$;
            CREATE TRIGGER note_backend AFTER INSERT ON telemetry_automated_signals_log
              FOR EACH STATEMENT EXECUTE FUNCTION note_backend();
            """)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let harness = BackfillHarness(database)
        let result = harness.run(limit: (eligible + 7) / 8, all: true, jobs: 4)
        #expect(result.report.success, "\(result.report.error ?? "")")
        #expect(result.report.inserted == eligible)
        #expect(try harness.duplicateCount() == 0)
        #expect(try database.count("SELECT count(*) FROM inserting") == result.outcome.batches)
        #expect(try database.count("SELECT count(DISTINCT pid) FROM inserting") >= 2)
    }

    @Test func oneBatchTakesTheNewestEligibleRows() throws {
        let database = try TestDatabase.seeded(trades: 60)
        let harness = BackfillHarness(database)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        #expect(eligible > 50)
        let result = harness.run(limit: 50)
        #expect(result.report.success)
        #expect(result.report.inserted == 50)
        #expect(try harness.backfilledCount() == 50)
        // The newest eligible ids, and nothing older than the oldest of them.
        let newest = try database.count(
            """
            SELECT count(*) FROM (SELECT s.id FROM automated_signals s
              WHERE NOT EXISTS (SELECT 1 FROM telemetry_automated_signals_log t
                                 WHERE t.raw_payload->>'trade_id' = s.trade_id
                                   AND t.raw_payload->>'event_type' = s.event_type
                                   AND t.handler_result->>'source' IS DISTINCT FROM 'backfill_7L')
              ORDER BY s.id DESC LIMIT 50) n
             WHERE EXISTS (SELECT 1 FROM telemetry_automated_signals_log t
                            WHERE (t.handler_result->>'automated_signal_id')::int = n.id)
            """)
        #expect(newest == 50)
        #expect(result.report.scanned == result.report.inserted + result.report.skipped)
    }

    @Test func rerunInsertsNothingAndSkipsWhatTheFirstInserted() throws {
        let database = try TestDatabase.seeded(trades: 30)
        let harness = BackfillHarness(database)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let first = harness.run(limit: 5000)
        #expect(first.report.success)
        #expect(first.report.inserted == eligible)
        let total = try database.count("SELECT count(*) FROM automated_signals")
        let second = harness.run(limit: 5000)
        #expect(second.report.success)
        #expect(second.report.inserted == 0)
        #expect(second.report.scanned == total)
        #expect(second.report.skipped == total)
        #expect(try harness.backfilledCount() == first.report.inserted)
        #expect(try harness.duplicateCount() == 0)
    }

    @Test func rowsAlreadyLoggedLiveAreSkippedAndCounted() throws {
        let database = try TestDatabase.seeded(trades: 30)
        let live = try database.count(
            """
            SELECT count(*) FROM automated_signals s WHERE EXISTS (
              SELECT 1 FROM telemetry_automated_signals_log t
               WHERE t.raw_payload->>'trade_id' = s.trade_id AND t.raw_payload->>'event_type' = s.event_type)
            """)
        #expect(live > 0)
        let result = BackfillHarness(database).run(limit: 5000)
        #expect(result.report.skipped == live)
        let overlapping = try database.count(
            """
            SELECT count(*) FROM telemetry_automated_signals_log b
              JOIN automated_signals s ON s.id = (b.handler_result->>'automated_signal_id')::int
             WHERE b.handler_result->>'source' = 'backfill_7L'
               AND EXISTS (SELECT 1 FROM telemetry_automated_signals_log t
                            WHERE t.handler_result->>'source' IS DISTINCT FROM 'backfill_7L'
                              AND t.raw_payload->>'trade_id' = s.trade_id
                              AND t.raw_payload->>'event_type' = s.event_type)
            """)
        #expect(overlapping == 0)
    }

    @Test func allTakesBatchesUntilNothingIsLeft() throws {
        let database = try TestDatabase.seeded(trades: 100, maxSignals: 20_000, seed: 11)
        #expect(try database.count("SELECT count(*) FROM automated_signals") == 20_000)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let harness = BackfillHarness(database)
        let result = harness.run(limit: 1000, all: true)
        #expect(result.report.success)
        #expect(result.report.inserted == eligible)
        #expect(result.report.scanned == 20_000)
        #expect(result.record?.batches == (eligible + 999) / 1000)
        #expect(try harness.backfilledCount() == eligible)
        #expect(try harness.duplicateCount() == 0)
        #expect(
            try database.count(
                BackfillOracle.eligibleSQL
                    + " AND NOT EXISTS (SELECT 1 FROM telemetry_automated_signals_log b WHERE (b.handler_result->>'automated_signal_id')::int = s.id)"
            ) == 0)
    }

    @Test func dryRunCountsAndWritesNothing() throws {
        let database = try TestDatabase.seeded(trades: 20)
        let harness = BackfillHarness(database)
        let before = try database.count("SELECT count(*) FROM telemetry_automated_signals_log")
        let result = harness.run(limit: 5000, dryRun: true)
        #expect(result.report.success)
        #expect(result.report.inserted == 0)
        #expect(result.report.wouldInsert == (try database.count(BackfillOracle.eligibleSQL)))
        #expect(try database.count("SELECT count(*) FROM telemetry_automated_signals_log") == before)
    }

    @Test func syntheticRowCarriesTheWholeSourceRowWithExactDecimals() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        try connection.execute(Schema.createTables)
        try connection.query(
            """
            INSERT INTO automated_signals (trade_id, event_type, direction, entry_price, stop_loss, mfe, targets,
                                           signal_date, signal_time, timestamp)
            VALUES ('T1', 'ENTRY', 'LONG', 18500.25, 18480.10, 1.2345, '{"1R": 18520.35}', '2025-10-01', '09:30:00',
                    '2025-10-01 09:30:00')
            """)
        let result = BackfillHarness(database).run()
        #expect(result.report.inserted == 1)
        let row = try #require(
            try connection.query(
                """
                SELECT raw_payload->>'entry_price' AS entry, raw_payload->>'stop_loss' AS stop, raw_payload->>'mfe' AS mfe,
                       raw_payload->'targets'->>'1R' AS target, raw_payload->>'signal_date' AS day,
                       raw_payload->>'signal_time' AS time, jsonb_typeof(raw_payload->'entry_price') AS kind,
                       received_at::text AS received, fused_event IS NULL AS no_fused, validation_error IS NULL AS no_error,
                       processing_time_ms, handler_result->>'source' AS source,
                       handler_result->>'run_id' AS run, handler_result ? 'backfilled_at' AS stamped
                  FROM telemetry_automated_signals_log
                """
            ).first)
        #expect(row["entry"] == "18500.25")
        #expect(row["stop"] == "18480.10")
        #expect(row["mfe"] == "1.2345")
        #expect(row["target"] == "18520.35")
        #expect(row["kind"] == "number")
        #expect(row["day"] == "2025-10-01")
        #expect(row["time"] == "09:30:00")
        #expect(row["received"] == "2025-10-01 09:30:00")
        #expect(row.bool("no_fused") == true)
        #expect(row.bool("no_error") == true)
        #expect(row["processing_time_ms"] == "0")
        #expect(row["source"] == "backfill_7L")
        #expect(row["run"] == result.report.runID)
        #expect(row.bool("stamped") == true)
    }

    @Test func nullHeavyRowsAndExtraColumnsAreCopied() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        try connection.execute(Schema.createTables)
        try connection.execute("ALTER TABLE automated_signals ADD COLUMN broker text, ADD COLUMN tags text[]")
        try connection.execute(
            """
            INSERT INTO automated_signals (trade_id, event_type, direction, entry_price, stop_loss, session, bias,
              risk_distance, targets, current_price, mfe, be_mfe, no_be_mfe, exit_price, final_mfe, signal_date,
              signal_time, timestamp) VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO automated_signals (trade_id, event_type, broker, tags) VALUES ('T2', 'EXIT_SL', 'ib', '{a,b}');
            """)
        // A live row with NULL payloads everywhere and non-object JSON must not confuse the dedupe.
        try connection.execute(
            """
            INSERT INTO telemetry_automated_signals_log (raw_payload, handler_result) VALUES
              (NULL, NULL), ('[1,2]', '"text"'), ('42', '{"automated_signal_id": "not a number", "source": "backfill_7L"}'),
              ('{"trade_id": null}', '{"automated_signal_id": 99999999999999, "source": "backfill_7L"}')
            """)
        let result = BackfillHarness(database).run()
        #expect(result.report.success, "\(result.report.error ?? "")")
        #expect(result.report.inserted == 2)
        let broker = try connection.query(
            "SELECT raw_payload->>'broker' AS broker, raw_payload->'tags' AS tags FROM telemetry_automated_signals_log WHERE raw_payload->>'trade_id' = 'T2' AND handler_result->>'source' = 'backfill_7L'"
        ).first
        #expect(broker?["broker"] == "ib")
        #expect(broker?["tags"] == "[\"a\", \"b\"]")
        let nullRow = try connection.query(
            "SELECT received_at IS NOT NULL AS has_time, raw_payload->'trade_id' AS trade FROM telemetry_automated_signals_log WHERE handler_result ? 'run_id' AND raw_payload->>'event_type' IS NULL"
        ).first
        #expect(nullRow?.bool("has_time") == true)
        #expect(nullRow?["trade"] == "null")
    }
}
