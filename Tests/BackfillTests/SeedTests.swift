import DemoData
import Postgres
import TestSupport
import Testing

@testable import Telemetry

@Suite struct SeedTests {
    @Test func lifecyclesAreRealisticAndDeterministic() throws {
        let one = try TestDatabase.seeded(trades: 50, seed: 5)
        let two = try TestDatabase.seeded(trades: 50, seed: 5)
        let digest = "SELECT md5(string_agg(s::text, '|' ORDER BY id)) FROM automated_signals s"
        let first = try one.connect().query(digest).first?[0]
        #expect(first == (try two.connect().query(digest).first?[0]))
        // Every trade starts with ENTRY and ends with an exit.
        #expect(try one.count("SELECT count(DISTINCT trade_id) FROM automated_signals") == 50)
        #expect(
            try one.count(
                """
                SELECT count(*) FROM (SELECT trade_id, array_agg(event_type ORDER BY id) e FROM automated_signals GROUP BY 1) t
                 WHERE e[1] <> 'ENTRY' OR e[array_upper(e, 1)] NOT IN ('EXIT_SL', 'EXIT_BE')
                """) == 0)
        #expect(
            try one.count("SELECT count(*) FROM telemetry_automated_signals_log WHERE validation_error IS NOT NULL") > 0
        )
        #expect(
            try one.count(
                "SELECT count(*) FROM telemetry_automated_signals_log WHERE raw_payload::text LIKE '%<script>%'") > 0)
        #expect(try one.count("SELECT count(*) FROM automated_signals WHERE trade_id LIKE '%|%'") > 0)
    }

    @Test func refusesATableThatHoldsRowsUnlessAppending() throws {
        let database = try TestDatabase.seeded(trades: 5)
        let seeder = Seeder(connection: try database.connect())
        let before = try database.count("SELECT count(*) FROM automated_signals")
        #expect(throws: Seeder.NotEmpty.self) { try seeder.seed(.init(trades: 5)) }
        #expect(try database.count("SELECT count(*) FROM automated_signals") == before)
        let counts = try seeder.seed(.init(trades: 5, append: true))
        #expect(try database.count("SELECT count(*) FROM automated_signals") == before + counts.signals)
    }

    /// `seed --append` (and the demo's next night) makes new trades, never events of finished
    /// ones, and leaves the signals of the hour the log was down for the backfill.
    @Test func appendingMakesNewTradesAndLeavesTheOutageForTheBackfill() throws {
        let database = try TestDatabase.seeded(trades: 30)
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let counts = try Seeder(connection: try database.connect()).seed(.init(trades: 20, append: true))
        #expect(counts.trades == 20 && counts.unlogged > 0 && counts.unlogged < counts.signals)
        #expect(try database.count("SELECT count(DISTINCT trade_id) FROM automated_signals") == 50)
        #expect(
            try database.count(
                """
                SELECT count(*) FROM (SELECT trade_id, array_agg(event_type ORDER BY id) e FROM automated_signals GROUP BY 1) t
                 WHERE e[1] <> 'ENTRY' OR e[array_upper(e, 1)] NOT IN ('EXIT_SL', 'EXIT_BE')
                   OR array_position(e[1:array_upper(e, 1) - 1], 'EXIT_SL') IS NOT NULL
                   OR array_position(e[1:array_upper(e, 1) - 1], 'EXIT_BE') IS NOT NULL
                """) == 0)
        #expect(try database.count(BackfillOracle.eligibleSQL) == eligible + counts.unlogged)
    }

    @Test func signalCapIsExact() throws {
        let database = try TestDatabase.seeded(trades: 1, maxSignals: 1234)
        #expect(try database.count("SELECT count(*) FROM automated_signals") == 1234)
    }
}
