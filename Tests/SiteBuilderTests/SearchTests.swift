import Foundation
import Hummingbird
import HummingbirdTesting
import JSONKit
import Postgres
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// The static search: its index (complete, sorted, incremental = full) and the page in Chromium
/// from `file://` (typing, facets, counts against PostgreSQL, permalinks, Back, hostile values).
@Suite struct SearchTests {
    static func site() throws -> SiteFixture {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 80))
        #expect(fixture.backfill().report.success)
        try fixture.build()
        return fixture
    }

    /// PostgreSQL's answer for the same filter, as `count(*)`.
    static func count(_ fixture: SiteFixture, _ condition: String) throws -> Int {
        try fixture.database.count(
            """
            SELECT count(*) FROM telemetry_automated_signals_log t
             WHERE \(condition)
            """)
    }

    /// The caption's start for `count` rows, as the page words it ("1 row matches", "2,345 rows match").
    static func matches(_ count: Int) -> String {
        Count.of(count, "row") + (count == 1 ? " matches" : " match")
    }

    static let event = "t.raw_payload->>'event_type'"
    static let live = "coalesce(t.handler_result->>'source', '') <> 'backfill_7L'"

    @Test func aTradePrefixShowsItsTradesRowsAndAFacetNarrowsThem() async throws {
        let fixture = try Self.site()
        let trade = try #require(
            try fixture.database.connect().query(
                """
                SELECT raw_payload->>'trade_id' AS t FROM telemetry_automated_signals_log
                 WHERE raw_payload->>'event_type' = 'EXIT_SL' ORDER BY id DESC LIMIT 1
                """
            ).first?["t"])
        let prefix = String(trade.prefix(11)).lowercased()
        let condition = "lower(t.raw_payload->>'trade_id') LIKE '\(prefix)%'"
        let typed = try await SearchPage.page(fixture, ["type", prefix])
        #expect(typed.rows?.count == min(50, try Self.count(fixture, condition)))
        #expect(typed.caption?.hasPrefix(Self.matches(try Self.count(fixture, condition))) == true)
        #expect(typed.rows?.allSatisfy { $0[2].lowercased().hasPrefix(prefix) } == true)
        #expect(typed.links?.contains { $0.contains("/trades/") } == true)
        let narrowed = try await SearchPage.page(fixture, ["narrow", prefix, "event", "EXIT_SL"])
        let exits = try Self.count(fixture, "\(condition) AND \(Self.event) = 'EXIT_SL'")
        #expect(exits > 0)
        #expect(narrowed.rows?.count == min(50, exits))
        #expect(narrowed.rows?.allSatisfy { $0[3] == "EXIT_SL" } == true)
        #expect(narrowed.url.contains("q=\(prefix)") && narrowed.url.contains("event=EXIT_SL"))
    }

    @Test func aPartOfATradeIDFindsItsTradeAsPostgreSQLDoes() async throws {
        let fixture = try Self.site()
        let trade = try #require(
            try fixture.database.connect().query(
                """
                SELECT raw_payload->>'trade_id' AS t FROM telemetry_automated_signals_log
                 WHERE raw_payload->>'event_type' = 'EXIT_SL' AND raw_payload->>'trade_id' LIKE '2025%'
                 ORDER BY id DESC LIMIT 1
                """
            ).first?["t"])
        // From the month on, across the underscore: no trade id starts with it.
        let part = String(trade.dropFirst(4).prefix(8))
        let condition = "strpos(lower(t.raw_payload->>'trade_id'), '\(part.lowercased())') > 0"
        let typed = try await SearchPage.page(fixture, ["type", part])
        #expect(typed.caption?.hasPrefix(Self.matches(try Self.count(fixture, condition))) == true)
        #expect(typed.rows?.contains { $0[2] == trade } == true)
        #expect(typed.rows?.allSatisfy { $0[2].lowercased().contains(part.lowercased()) } == true)
        // Three characters many ids hold: the rows of ten trades, and the page says how many hold it.
        let holding = try fixture.database.count(
            """
            SELECT count(DISTINCT raw_payload->>'trade_id') FROM telemetry_automated_signals_log
             WHERE strpos(lower(raw_payload->>'trade_id'), '_l_') > 1
            """)
        #expect(holding > 10)
        let wide = try await SearchPage.page(fixture, ["type", "_L_"])
        #expect(wide.caption?.contains("rows of 10 of the \(holding) trades with it inside their id") == true)
        #expect(wide.status?.contains("rows of 10 of the \(holding) trades") == true)
        #expect(Set(wide.rows?.map { $0[2] } ?? []).count <= 10)
        #expect(wide.rows?.allSatisfy { $0[2].contains("_L_") } == true)
    }

    @Test func facetCountsAreWhatPostgreSQLCounts() async throws {
        let fixture = try Self.site()
        let days = try fixture.database.connect().query(
            "SELECT min(received_at)::date::text AS a, max(received_at)::date::text AS b FROM telemetry_automated_signals_log"
        )
        let (from, to) = (try #require(days.first?["a"]), try #require(days.first?["b"]))
        let query = "source=live&error=yes&from=\(from)&to=\(to)"
        let state = try await SearchPage.page(fixture, ["query", query])
        let range = "t.received_at::date BETWEEN '\(from)' AND '\(to)'"
        let total = try Self.count(fixture, "\(range) AND \(Self.live) AND t.validation_error IS NOT NULL")
        #expect(total > 0)
        #expect(state.caption?.hasPrefix(Self.matches(total)) == true, "\(state.caption ?? "")")
        // The event facet counts each event under the other filters.
        for option in state.options?["event"]?.dropFirst() ?? [] {
            let match = try #require(option.firstMatch(of: /^(.+) \((\d+)\)$/))
            let expected = try Self.count(
                fixture,
                "\(range) AND \(Self.live) AND t.validation_error IS NOT NULL AND \(Self.event) = '\(match.1)'")
            #expect(Int(match.2) == expected, "\(option)")
        }
        // The source facet counts live and backfill under the error and date filters.
        let sources = state.options?["source"] ?? []
        let backfill = try Self.count(fixture, "\(range) AND NOT (\(Self.live)) AND t.validation_error IS NOT NULL")
        #expect(sources.contains("live (\(total))") && sources.contains("backfill (\(backfill))"), "\(sources)")
        // The same address again: the same rows (a permalink).
        #expect(try await SearchPage.page(fixture, ["query", query]).rows == state.rows)
    }

    /// The error, error-group and processing-time facets narrow the results, and their counts
    /// are PostgreSQL's for the same filter.
    @Test func theErrorGroupAndTimeFacetsCountWhatPostgreSQLCounts() async throws {
        let fixture = try Self.site()
        let filter = "\(Self.event) = 'MFE_UPDATE' AND t.processing_time_ms >= 10 AND t.processing_time_ms < 250"
        let state = try await SearchPage.page(fixture, ["query", "event=MFE_UPDATE&msmin=10&msmax=250"])
        #expect(
            state.caption?.hasPrefix(Self.matches(try Self.count(fixture, filter))) == true, "\(state.caption ?? "")")
        let errors = state.options?["error"] ?? []
        let yes = try Self.count(fixture, "\(filter) AND t.validation_error IS NOT NULL")
        let no = try Self.count(fixture, "\(filter) AND t.validation_error IS NULL")
        #expect(errors.contains("yes (\(yes))") && errors.contains("no (\(no))"), "\(errors)")
        // The time facet counts rows from each bound on, under the event filter alone.
        let atLeast25 = try Self.count(fixture, "\(Self.event) = 'MFE_UPDATE' AND t.processing_time_ms >= 25")
        #expect(state.options?["msmin"]?.contains("25 ms (\(atLeast25))") == true, "\(state.options?["msmin"] ?? [])")
        // The largest error group under the filter: choosing it gives exactly its rows.
        var groups: [String: Int] = [:]
        for row in try fixture.database.connect().query(
            "SELECT t.validation_error AS e, t.raw_payload::text AS p, t.raw_payload->>'trade_id' AS trade FROM telemetry_automated_signals_log t WHERE \(filter) AND t.validation_error IS NOT NULL"
        ).rows {
            let stored = TelemetryRow(
                id: 0, rawPayload: row["p"].map(JSONDocument.init(text:)), validationError: row["e"],
                tradeID: row["trade"])
            groups[FileNames.stableHash(ErrorGroups.fingerprint(of: stored) ?? ""), default: 0] += 1
        }
        let (key, rows) = try #require(groups.max { ($0.value, $1.key) < ($1.value, $0.key) })
        let narrowed = try await SearchPage.page(
            fixture, ["query", "event=MFE_UPDATE&msmin=10&msmax=250&group=\(key)"])
        #expect(narrowed.caption?.hasPrefix(Self.matches(rows)) == true, "\(narrowed.caption ?? "")")
        #expect(narrowed.rows?.allSatisfy { !$0[6].isEmpty } == true)
    }

    @Test func backReturnsToThePreviousQueryAndARowIDOpensItsPage() async throws {
        let fixture = try Self.site()
        let first = try await SearchPage.page(fixture, ["query", "event=ENTRY"])
        let back = try await SearchPage.page(fixture, ["back", "event=ENTRY", "event=EXIT_SL"])
        #expect(back.rows == first.rows)
        #expect(back.rows?.allSatisfy { $0[3] == "ENTRY" } == true)
        // Typed into the form, submitted, then Back and Forward: the controls show the query whose
        // results are on the page, not what was typed before leaving it.
        let history: SearchPage.History = try await SearchPage.run(
            fixture, ["edit", "event=ENTRY&from=2025-09-01", "exit", "EXIT_SL"])
        #expect(history.back.controls?["event"] == "ENTRY" && history.back.controls?["q"] == "")
        #expect(history.back.controls?["from"] == "2025-09-01", "\(history.back.controls ?? [:])")
        #expect(history.back.rows?.allSatisfy { $0[3] == "ENTRY" } == true)
        #expect(history.forward.controls?["event"] == "EXIT_SL" && history.forward.controls?["q"] == "exit")
        #expect(history.forward.url.contains("event=EXIT_SL") && history.forward.url.contains("q=exit"))
        let jumped = try await SearchPage.page(fixture, ["type", "7"])
        #expect(jumped.url.hasSuffix("/telemetry/7.html"))
    }

    /// An incremental build writes the search files a full build writes, and finds new rows.
    @Test func anIncrementalIndexIsAFullIndex() async throws {
        let fixture = try Self.site()
        try fixture.insert(
            received: "2025-09-02 12:00:00", raw: #"{"trade_id": "AAA_first_of_all", "event_type": "ENTRY"}"#,
            error: "brand new failure 'x'")
        try fixture.insert(received: "2030-01-01 00:00:00", raw: #"{"trade_id": "zz_new_9", "event_type": "EXIT_SL"}"#)
        for index in 0..<300 {
            try fixture.insert(
                received: "2025-09-03 0\(index % 10):00:00",
                raw: #"{"trade_id": "mid_\#(index)", "event_type": "MFE_UPDATE"}"#,
                error: index % 3 == 0 ? "late by \(index) s" : nil, ms: index)
        }
        #expect(try fixture.build().mode == .incremental)
        let full = fixture.folder.appendingPathComponent("full")
        try fixture.build(full: true, into: full)
        let incremental = try fixture.snapshot().filter { $0.key.hasPrefix("search/") }
        let rebuilt = try fixture.snapshot(of: full).filter { $0.key.hasPrefix("search/") }
        #expect(Set(incremental.keys) == Set(rebuilt.keys))
        for (path, digest) in rebuilt where incremental[path] != digest { Issue.record("\(path) differs") }
        #expect(try await SearchPage.page(fixture, ["type", "ZZ_NEW"]).rows?.first?[2] == "zz_new_9")
        #expect(try await SearchPage.page(fixture, ["type", "aaa_first"]).rows?.first?[2] == "AAA_first_of_all")
        #expect(try await SearchPage.page(fixture, ["type", "mid_2"]).caption?.hasPrefix("111 rows match") == true)
        // Parts of the new trades' ids, from the parts the incremental build merged.
        #expect(try await SearchPage.page(fixture, ["type", "_FIRST_of"]).rows?.first?[2] == "AAA_first_of_all")
        #expect(try await SearchPage.page(fixture, ["type", "new_9"]).rows?.first?[2] == "zz_new_9")
    }

    @Test func hostileValuesStayText() async throws {
        let (fixture, _) = try HostileSiteTests.hostileSite()
        let state = try await SearchPage.page(fixture, ["query", "error=yes"])
        #expect((state.rows?.count ?? 0) > 0)
        let cells = (state.rows ?? []).flatMap { $0 }.joined(separator: "\n")
        #expect(cells.contains("<script"), "the hostile text shows as text")
        #expect(state.status?.contains("rows match") == true)
        #expect(!(state.links ?? []).contains { $0.hasPrefix("javascript:") })
    }
}
