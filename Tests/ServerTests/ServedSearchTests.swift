import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

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
        -> SearchPage.PageState
    {
        // Blocking: callers run it off the cooperative pool.
        let run = try ToolRun.run(
            program: "/usr/bin/env", ["python3", SearchPage.script.path, base] + arguments, environment: environment)
        #expect(run.status == 0, "\(run.stderr.suffix(1500))")
        return try JSONDecoder().decode(SearchPage.PageState.self, from: Data(run.stdout.utf8))
    }

    @Test func theCompanionServerServesTheSearchBehindItsLogin() async throws {
        let fixture = try ServerFixture()
        let trade = try Self.trade(fixture.site)
        let expected = try fixture.site.database.count(
            "SELECT count(*) FROM telemetry_automated_signals_log WHERE raw_payload->>'trade_id' = '\(trade)'")
        try await fixture.application().testLive { client in
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
        // Served over HTTP, Back shows the page from the back-forward cache as it was left, with
        // what was typed before submitting: the controls must show the query of its results.
        let history: SearchPage.History = try await SearchPage.run(
            base: "http://127.0.0.1:\(port)", ["edit", "event=ENTRY", "exit", "EXIT_SL"])
        #expect(history.back.controls?["event"] == "ENTRY" && history.back.controls?["q"] == "", "\(history.back)")
        #expect(history.back.rows?.isEmpty == false && history.back.rows?.allSatisfy { $0[3] == "ENTRY" } == true)
        #expect(history.forward.controls?["event"] == "EXIT_SL" && history.forward.controls?["q"] == "exit")
        // A chart's tallest bar opens the search for its rows, served as from disk.
        let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/chart_check.py")
        let charts = try await offThePool {
            try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, "http://127.0.0.1:\(port)/index.html"])
        }
        #expect(charts.status == 0, "\(charts.stderr.suffix(1500))")
        let result = try JSONSerialization.jsonObject(with: Data(charts.stdout.utf8)) as? [String: Any]
        let click = try #require(result?["events_click"] as? [String: String])
        let rows = try #require(click["label"]?.split(separator: ": ").last?.split(separator: " ").first)
        #expect(click["url"]?.hasPrefix("http://127.0.0.1:\(port)/search.html?from=") == true, "\(click)")
        #expect(click["status"] == "\(rows) rows match.", "\(click)")
    }
}
