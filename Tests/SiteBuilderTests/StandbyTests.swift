import DemoData
import Foundation
import LocalPostgres
import Logging
import Postgres
import SiteBuilder
import SystemIO
import Telemetry
import TestSupport
import Testing

/// Building from a real streaming standby (`pg_basebackup -R`) of a private primary.
@Suite struct StandbyTests {
    /// Without the wait, a build from a standby that has not replayed the backfill publishes a
    /// site without the backfilled rows; with it, the build waits for the replay and has them.
    @Test func theBuildWaitsForTheStandbyToReplayTheBackfill() throws {
        let pair = try StandbyPair(delay: "1h")
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
        let pair = try StandbyPair(delay: "1h")
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
