import DemoData
import Foundation
import LocalPostgres
import Logging
import Postgres
import SiteBuilder
import SystemIO
import Telemetry
import Testing

/// Building from a real streaming standby (`pg_basebackup -R`) of a private primary.
@Suite struct StandbyTests {
    /// A primary with a seeded database and a hot standby of it, both private to one test.
    struct Pair {
        let folder: URL
        let primary: LocalPostgres
        let standby: LocalPostgres
        let fixture: SiteFixture

        var readURL: String { standby.connectionString(database: "telemetry") }

        /// Both servers, the primary first, as a libpq multi-host string that prefers a standby.
        var multiHostReadURL: String {
            let password = standby.connectionString().split(separator: " ").first { $0.hasPrefix("password=") } ?? ""
            return "host=127.0.0.1,127.0.0.1 port=\(primary.port),\(standby.port) user=postgres dbname=telemetry "
                + "\(password) target_session_attrs=prefer-standby"
        }

        /// A pair whose standby holds back the replay of every commit by `delay` from its start.
        init(delay: String = "0") throws {
            folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("standby-\(UUID().uuidString)")
            primary = try LocalPostgres.start(in: folder.appendingPathComponent("primary"))
            try Connection(url: primary.connectionString()).execute("CREATE DATABASE telemetry")
            let database = TestDatabase(name: "telemetry", url: primary.connectionString(database: "telemetry"))
            _ = try Seeder(connection: try database.connect()).seed(.init(trades: 30, seed: 11))
            standby = try primary.startStandby(
                in: folder.appendingPathComponent("standby"), settings: ["recovery_min_apply_delay": delay])
            fixture = try SiteFixture(database)
        }

        /// Changes the standby's replay delay (a reload: it takes effect soon, not at once).
        func delayReplay(_ delay: String) throws {
            let connection = try Connection(url: standby.connectionString())
            try connection.execute("ALTER SYSTEM SET recovery_min_apply_delay = '\(delay)'")
            try connection.execute("SELECT pg_reload_conf()")
        }

        func count(on url: String) throws -> Int {
            try TestDatabase(name: "telemetry", url: url).count("SELECT count(*) FROM telemetry_automated_signals_log")
        }

        func stop() {
            standby.stop()
            primary.stop()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Without the wait, a build from a standby that has not replayed the backfill publishes a
    /// site without the backfilled rows; with it, the build waits for the replay and has them.
    @Test func theBuildWaitsForTheStandbyToReplayTheBackfill() throws {
        let pair = try Pair(delay: "1h")
        defer { pair.stop() }
        let before = try pair.count(on: pair.readURL)
        let backfill = pair.fixture.backfill()
        #expect(backfill.report.inserted > 0)
        let after = try pair.count(on: pair.fixture.database.url)
        #expect(after == before + backfill.report.inserted)
        let position = try ReplicaCatchUp.primaryPosition(url: pair.fixture.database.url)

        var options = pair.fixture.options()
        // libpq's multi-host form: the primary is listed first, the standby is preferred.
        options.databaseURL = pair.multiHostReadURL
        let unwaited = try pair.fixture.build(options)
        #expect(unwaited.rows == before, "without the wait the standby's site misses the backfill")

        options.catchUp = ReplicaCatchUp(position: position, timeout: .seconds(120))
        let logs = CapturedLogs()
        // The build on a thread of its own (a task would need a thread of the cooperative pool,
        // which the rest of the suite may hold for minutes on 2 cores).
        let result = Locked<Result<SiteBuildReport, any Error>?>(nil)
        Thread { [options] in
            let outcome = Result { try SiteBuilder(options: options, logger: logs.logger).build() }
            result.withLock { $0 = outcome }
        }.start()
        // Release the replay only once the build has said it waits for it.
        let deadline = Date().addingTimeInterval(120)
        while !logs.all.contains(where: { $0.contains("waiting for the standby to replay the backfill") }) {
            try #require(Date() < deadline, "the build never waited for the standby")
            try #require(result.withLock { $0 } == nil, "the build ended without waiting")
            usleep(20_000)
        }
        try pair.delayReplay("0")
        while result.withLock({ $0 }) == nil { usleep(20_000) }
        let waited = try #require(result.withLock { $0 }).get()
        #expect(waited.rows == after)
        #expect(logs.all.contains { $0.contains("port \(pair.standby.port)") }, "\(logs.all.prefix(3))")
        #expect(try pair.fixture.brokenLinks().isEmpty)
        #expect(try pair.fixture.read("build.json").contains("\"rows\" : \(after),"))
    }

    /// A standby that does not catch up: `run` (reading `READ_DATABASE_URL`) gives up after
    /// `--replica-wait`, says why, exits 1 and leaves the published site as it was; the backfill
    /// on the primary stands.
    @Test func aStandbyThatNeverCatchesUpFailsWithinTheBound() throws {
        let pair = try Pair(delay: "1h")
        defer { pair.stop() }
        var options = pair.fixture.options()
        options.databaseURL = pair.readURL
        let first = try pair.fixture.build(options)
        let started = Date()
        let run = try ToolRun.run(
            [
                "run", "--out", pair.fixture.out.path, "--state-dir", pair.fixture.state.path, "--templates",
                SiteFixture.templates.path, "--replica-wait", "2",
            ],
            environment: ["DATABASE_URL": pair.fixture.database.url, "READ_DATABASE_URL": pair.readURL])
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("short of"), "\(run.stderr)")
        #expect(run.stderr.contains("--replica-wait"))
        #expect(run.stdout.contains("backfill done: inserted"), "\(run.stdout)")
        #expect(elapsed >= 2 && elapsed < 60, "gave up after \(elapsed) s")
        #expect(try pair.count(on: pair.fixture.database.url) > first.rows)
        #expect(try pair.fixture.read("build.json").contains("\"rows\" : \(first.rows),"))
    }
}
