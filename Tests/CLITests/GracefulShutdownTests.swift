import Foundation
import Postgres
import Server
import TestSupport
import Testing

/// SIGTERM (what systemd sends) during a backfill POST: the POST is answered, then `serve`
/// exits 0.
@Suite struct GracefulShutdownTests {
    /// `alice`'s session cookie and CSRF token from the server on `port`.
    static func login(port: Int) throws -> (cookie: String, csrf: String) {
        let form = "user=alice&password=correct+horse"
        let login = try RawHTTP(port: port)
        login.send(
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n\(form)")
        let answer = login.readToClose().text
        let cookie = try #require(answer.firstMatch(of: /[Ss]et-[Cc]ookie: (ts_session=[^;\r]+)/)?.output.1)
        let session = try RawHTTP(port: port)
        session.send("GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nConnection: close\r\n\r\n")
        let csrf = try #require(session.readToClose().text.firstMatch(of: /"csrf":"([^"]+)"/)?.output.1)
        return (String(cookie), String(csrf))
    }

    @Test func sigtermDuringABackfillAnswersItThenExitsZero() throws {
        let fixture = try ServerFixture(trades: 5)
        // Every insert of the backfill waits 3 s: the POST is still running when SIGTERM comes.
        try fixture.site.database.connect().execute(
            """
            CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$;
            CREATE TRIGGER slow BEFORE INSERT ON telemetry_automated_signals_log FOR EACH STATEMENT EXECUTE FUNCTION slow();
            """)
        let port = try TestPorts.free()
        let server = try Spawned(
            program: ToolRun.executable.path,
            [
                "serve", "--site", fixture.options.site.path, "--users", fixture.options.users.path, "--state-dir",
                fixture.options.stateDirectory.path, "--port", String(port), "--shutdown-timeout", "60",
            ],
            environment: ["DATABASE_URL": fixture.site.database.url])
        defer { kill(server.pid, SIGKILL) }
        #expect(try TestPorts.waitForListener(port), "\(server.stderr)")
        let (cookie, csrf) = try Self.login(port: port)

        let backfill = try RawHTTP(port: port, receiveTimeout: 60)
        backfill.send(
            "POST /api/automated-signals/telemetry/backfill HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\n"
                + "X-CSRF-Token: \(csrf)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        // Wait (bounded) until the backfill's insert sits in the trigger's sleep.
        var sleeping = 0
        for _ in 0..<200 where sleeping == 0 {
            sleeping = try fixture.site.database.count(
                "SELECT count(*)::int FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
            if sleeping == 0 { usleep(50_000) }
        }
        #expect(sleeping > 0, "the backfill never reached its insert")
        kill(server.pid, SIGTERM)

        let answer = backfill.readToClose().text
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(300))")
        #expect(answer.contains("\"success\":true"), "\(answer.prefix(600))")
        #expect(server.wait() == 0, "\(server.stderr)")
        // Gone: no new connection is accepted.
        #expect(throws: (any Error).self) { _ = try RawHTTP(port: port) }
    }
}
