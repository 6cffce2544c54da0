import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Telemetry
import Testing

@testable import SiteBuilder

/// The static search: its index (complete, sorted, incremental = full) and the page in Chromium
/// from `file://` (typing, facets, counts against PostgreSQL, permalinks, Back, hostile values).
@Suite struct SearchTests {
    static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/search_page.py")

    struct PageState: Decodable {
        var url: String
        var status: String?
        var caption: String?
        var rows: [[String]]?
        var options: [String: [String]]?
        var links: [String]?
    }

    /// Drives the page in Chromium (off the cooperative pool: see `offThePool`).
    static func page(_ fixture: SiteFixture, _ arguments: [String]) async throws -> PageState {
        let base = fixture.out.absoluteString
        let run = try await offThePool {
            try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, base] + arguments)
        }
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        return try JSONDecoder().decode(PageState.self, from: Data(run.stdout.utf8))
    }

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
        let typed = try await Self.page(fixture, ["type", prefix])
        #expect(typed.rows?.count == min(50, try Self.count(fixture, condition)))
        #expect(typed.caption?.hasPrefix("\(try Self.count(fixture, condition)) rows match") == true)
        #expect(typed.rows?.allSatisfy { $0[2].lowercased().hasPrefix(prefix) } == true)
        #expect(typed.links?.contains { $0.contains("/trades/") } == true)
        let narrowed = try await Self.page(fixture, ["narrow", prefix, "event", "EXIT_SL"])
        let exits = try Self.count(fixture, "\(condition) AND \(Self.event) = 'EXIT_SL'")
        #expect(exits > 0)
        #expect(narrowed.rows?.count == min(50, exits))
        #expect(narrowed.rows?.allSatisfy { $0[3] == "EXIT_SL" } == true)
        #expect(narrowed.url.contains("q=\(prefix)") && narrowed.url.contains("event=EXIT_SL"))
    }

    @Test func facetCountsAreWhatPostgreSQLCounts() async throws {
        let fixture = try Self.site()
        let days = try fixture.database.connect().query(
            "SELECT min(received_at)::date::text AS a, max(received_at)::date::text AS b FROM telemetry_automated_signals_log"
        )
        let (from, to) = (try #require(days.first?["a"]), try #require(days.first?["b"]))
        let query = "source=live&error=yes&from=\(from)&to=\(to)"
        let state = try await Self.page(fixture, ["query", query])
        let range = "t.received_at::date BETWEEN '\(from)' AND '\(to)'"
        let total = try Self.count(fixture, "\(range) AND \(Self.live) AND t.validation_error IS NOT NULL")
        #expect(total > 0)
        #expect(state.caption?.hasPrefix("\(total) rows match") == true, "\(state.caption ?? "")")
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
        #expect(try await Self.page(fixture, ["query", query]).rows == state.rows)
    }

    /// The error, error-group and processing-time facets narrow the results, and their counts
    /// are PostgreSQL's for the same filter.
    @Test func theErrorGroupAndTimeFacetsCountWhatPostgreSQLCounts() async throws {
        let fixture = try Self.site()
        let filter = "\(Self.event) = 'MFE_UPDATE' AND t.processing_time_ms >= 10 AND t.processing_time_ms < 250"
        let state = try await Self.page(fixture, ["query", "event=MFE_UPDATE&msmin=10&msmax=250"])
        #expect(
            state.caption?.hasPrefix("\(try Self.count(fixture, filter)) rows match") == true, "\(state.caption ?? "")")
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
            "SELECT t.validation_error AS e FROM telemetry_automated_signals_log t WHERE \(filter) AND t.validation_error IS NOT NULL"
        ).rows {
            groups[FileNames.stableHash(ErrorGroups.fingerprint(row["e"] ?? "")), default: 0] += 1
        }
        let (key, rows) = try #require(groups.max { ($0.value, $1.key) < ($1.value, $0.key) })
        let narrowed = try await Self.page(fixture, ["query", "event=MFE_UPDATE&msmin=10&msmax=250&group=\(key)"])
        #expect(narrowed.caption?.hasPrefix("\(rows) rows match") == true, "\(narrowed.caption ?? "")")
        #expect(narrowed.rows?.allSatisfy { !$0[6].isEmpty } == true)
    }

    @Test func backReturnsToThePreviousQueryAndARowIDOpensItsPage() async throws {
        let fixture = try Self.site()
        let first = try await Self.page(fixture, ["query", "event=ENTRY"])
        let back = try await Self.page(fixture, ["back", "event=ENTRY", "event=EXIT_SL"])
        #expect(back.rows == first.rows)
        #expect(back.rows?.allSatisfy { $0[3] == "ENTRY" } == true)
        let jumped = try await Self.page(fixture, ["type", "7"])
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
        #expect(try await Self.page(fixture, ["type", "ZZ_NEW"]).rows?.first?[2] == "zz_new_9")
        #expect(try await Self.page(fixture, ["type", "aaa_first"]).rows?.first?[2] == "AAA_first_of_all")
        #expect(try await Self.page(fixture, ["type", "mid_2"]).caption?.hasPrefix("111 rows match") == true)
    }

    @Test func hostileValuesStayText() async throws {
        let (fixture, _) = try HostileSiteTests.hostileSite()
        let state = try await Self.page(fixture, ["query", "error=yes"])
        #expect((state.rows?.count ?? 0) > 0)
        let cells = (state.rows ?? []).flatMap { $0 }.joined(separator: "\n")
        #expect(cells.contains("<script"), "the hostile text shows as text")
        #expect(state.status?.contains("rows match") == true)
        #expect(!(state.links ?? []).contains { $0.hasPrefix("javascript:") })
    }
}

/// The same search page served: by `telemetry-site serve` behind its login, and by nginx as any
/// static host serves files.
@Suite struct ServedSearchTests {
    static func trade(_ fixture: SiteFixture) throws -> String {
        try #require(
            try fixture.database.connect().query(
                "SELECT raw_payload->>'trade_id' AS t FROM telemetry_automated_signals_log ORDER BY id DESC LIMIT 1"
            ).first?["t"])
    }

    static func search(base: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> SearchTests.PageState
    {
        // Blocking: callers run it off the cooperative pool.
        let run = try ToolRun.run(
            program: "/usr/bin/env", ["python3", SearchTests.script.path, base] + arguments, environment: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        return try JSONDecoder().decode(SearchTests.PageState.self, from: Data(run.stdout.utf8))
    }

    @Test func theCompanionServerServesTheSearchBehindItsLogin() async throws {
        let fixture = try ServerFixture()
        let trade = try Self.trade(fixture.site)
        let expected = try fixture.site.database.count(
            "SELECT count(*) FROM telemetry_automated_signals_log WHERE raw_payload->>'trade_id' = '\(trade)'")
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let state = try await offThePool {
                try Self.search(
                    base: "http://127.0.0.1:\(port)", ["type", trade],
                    environment: ["SEARCH_USER": "alice", "SEARCH_PASSWORD": ServerFixture.password])
            }
            #expect(state.url.hasPrefix("http://127.0.0.1:\(port)/search.html?q="))
            #expect(state.rows?.count == expected)
            #expect(state.rows?.allSatisfy { $0[2] == trade } == true)
        }
    }

    @Test func nginxServesTheSearchAsStaticFiles() async throws {
        let nginx = "/usr/sbin/nginx"
        try #require(FileManager.default.isExecutableFile(atPath: nginx), "nginx is not installed (scripts/setup)")
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 30))
        try fixture.build()
        let prefix = fixture.folder.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        let port = try TestPorts.free()
        let config = """
            worker_processes 1; daemon off; pid \(prefix.path)/nginx.pid; error_log \(prefix.path)/error.log warn;
            events { worker_connections 64; }
            http {
              include /etc/nginx/mime.types; default_type application/octet-stream; access_log off;
              gzip on; gzip_types application/javascript text/javascript text/css;
              client_body_temp_path \(prefix.path)/b; proxy_temp_path \(prefix.path)/p;
              fastcgi_temp_path \(prefix.path)/f; uwsgi_temp_path \(prefix.path)/u; scgi_temp_path \(prefix.path)/s;
              server { listen 127.0.0.1:\(port); root \(fixture.out.path); index index.html; }
            }
            """
        try config.write(to: prefix.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let server = try Spawned(
            program: nginx, ["-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path])
        defer {
            kill(server.pid, SIGTERM)
            _ = server.wait()
        }
        #expect(try TestPorts.waitForListener(port), "nginx did not start: \(server.stderr)")
        let trade = try Self.trade(fixture)
        let state = try await offThePool { try Self.search(base: "http://127.0.0.1:\(port)", ["type", trade]) }
        #expect(state.rows?.isEmpty == false, "\(state.status ?? "") \(server.stderr)")
        #expect(state.rows?.allSatisfy { $0[2] == trade } == true)
    }
}
