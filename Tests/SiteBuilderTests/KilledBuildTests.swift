import Foundation
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

@Suite struct KilledBuildTests {
    /// SIGKILL at points spread over a full build: the site folder is always a whole site, the
    /// previous one until the swap, and the next build cleans up and succeeds.
    @Test func aKilledBuildLeavesThePreviousSiteWhole() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 200, seed: 9))
        #expect(fixture.backfill().report.success)
        let arguments = [
            "build", "--full", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
            SiteFixture.templates.path,
        ]
        let environment = ["DATABASE_URL": fixture.database.url]
        let first = try ToolRun.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try fixture.snapshot()
        #expect(previous.count > 1000)
        let newest = try fixture.insert(raw: "{\"trade_id\": \"K-1\", \"event_type\": \"ENTRY\"}")

        let started = Date()
        let timed = try ToolRun.run(arguments, environment: environment)
        #expect(timed.status == 0)
        let duration = Date().timeIntervalSince(started)
        var killedBeforeSwap = 0
        for fraction in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95] {
            // Back to the previous site, then kill a rebuild part-way through.
            try FileManager.default.removeItem(at: fixture.out)
            #expect(
                try ToolRun.run(
                    ["build", "--full", "--out", fixture.out.path, "--state-dir", fixture.state.path],
                    environment: environment
                ).status == 0)
            let before = try fixture.snapshot()
            let build = try Spawned(program: ToolRun.executable.path, arguments, environment: environment)
            usleep(useconds_t(duration * fraction * 1_000_000))
            kill(build.pid, SIGKILL)
            let status = build.wait()
            let after = try fixture.snapshot()
            if status == 128 + SIGKILL {
                let unchanged = Set(after.keys) == Set(before.keys) && after.allSatisfy { before[$0.key] == $0.value }
                let swapped =
                    after["build.json"] != before["build.json"] && after.keys.contains("telemetry/\(newest).html")
                #expect(unchanged || swapped, "kill at \(fraction): a partial site")
                if unchanged { killedBeforeSwap += 1 }
            }
            #expect(try fixture.brokenLinks() == [], "kill at \(fraction)")
        }
        #expect(killedBeforeSwap > 0)
        let final = try ToolRun.run(arguments, environment: environment)
        #expect(final.status == 0, "\(final.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).filter {
            $0.contains("staging")
        }
        #expect(leftovers == [])
    }
}
