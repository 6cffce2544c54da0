import DemoData
import Foundation
import Telemetry
import TestSupport
import Testing

/// An incremental build publishes into the live site: at every instant, every link a reader
/// can follow must resolve. The build runs as the real executable; the test freezes it with
/// SIGSTOP at many points (the folder is then exactly what a reader would see), crawls the
/// site (and follows the search index as `search.js` does), and lets it go on; then kills builds
/// with SIGKILL part-way through.
@Suite struct KilledIncrementalBuildTests {
    @Test func everyLinkResolvesAtEveryInstantOfAnIncrementalBuild() throws {
        let (fixture, arguments, environment) = try Self.site(seed: 11)
        let first = try ToolRun.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let crawler = LinkCrawler(root: fixture.out)
        let search = SearchIndexCrawler(root: fixture.out)
        #expect(crawler.brokenLinks().broken == [])
        #expect(search.brokenReferences().broken == [])

        var frozenMidway = 0
        var killedMidway = 0
        for round in 0..<4 {
            // New trades, new rows of known trades, and a backfill run that the new rows link to.
            _ = try Seeder(connection: try fixture.database.connect()).seed(
                .init(trades: 40, seed: UInt64(100 + round), append: true))
            #expect(fixture.backfill().report.success)
            let before = Self.builtAt(fixture)
            let rowPagesBefore = Self.rowPages(fixture)
            let build = try Spawned(program: ToolRun.executable.path, arguments, environment: environment)
            if round < 2 {
                // Freeze it at growing intervals (2 ms, then 20 % longer each time, at most
                // 300 ms) until it ends: many points early on, whatever the build's speed
                // (a sanitizer makes it ten times slower).
                var samples = 0
                var interval = 2_000.0
                while true {
                    usleep(useconds_t(interval))
                    interval = min(interval * 1.2, 300_000)
                    guard kill(build.pid, SIGSTOP) == 0 else { break }
                    var status: Int32 = 0
                    if waitpid(build.pid, &status, WUNTRACED) == build.pid, (status & 0xff) != 0x7f {
                        break  // it had ended: `wait()` below reaps nothing more
                    }
                    let broken = crawler.brokenLinks().broken + search.brokenReferences().broken
                    #expect(
                        broken.isEmpty, "round \(round), sample \(samples): \(broken.count) broken: \(broken.prefix(5))"
                    )
                    if Self.builtAt(fixture) == before, Self.rowPages(fixture) > rowPagesBefore { frozenMidway += 1 }
                    samples += 1
                    kill(build.pid, SIGCONT)
                }
                _ = build.wait()
            } else {
                // Kill it part-way; the next round's build (or the last one) finishes the job.
                usleep(useconds_t(150_000 * (round - 1)))
                kill(build.pid, SIGKILL)
                if build.wait() == 128 + SIGKILL { killedMidway += 1 }
                #expect(crawler.brokenLinks().broken == [], "killed in round \(round)")
                #expect(search.brokenReferences().broken == [], "killed in round \(round)")
            }
        }
        #expect(frozenMidway > 0, "no sample caught the build part-way")
        #expect(killedMidway > 0, "no kill landed before the build ended")
        let last = try ToolRun.run(arguments, environment: environment)
        #expect(last.status == 0, "\(last.stderr)")
        let final = crawler.brokenLinks()
        #expect(final.broken == [])
        // Every row's page is reachable once the build is done.
        let rows = try fixture.database.count("SELECT count(*) FROM telemetry_automated_signals_log")
        #expect(final.pages >= rows)
        // The search index finds every row, and nothing it names is missing.
        let index = search.brokenReferences()
        #expect(index.broken == [])
        #expect(index.rowIDs.count == rows)
        #expect(try fixture.brokenLinks() == [])
        // The search crawler is not blind: a missing row chunk is reported.
        let rowChunks = fixture.out.appendingPathComponent("search/rows")
        let day = try #require(try FileManager.default.contentsOfDirectory(atPath: rowChunks.path).sorted().first)
        let chunk = try #require(
            try FileManager.default.contentsOfDirectory(atPath: rowChunks.appendingPathComponent(day).path).first)
        try FileManager.default.removeItem(at: rowChunks.appendingPathComponent(day).appendingPathComponent(chunk))
        #expect(search.brokenReferences().broken.contains { $0.hasSuffix("is missing") })
    }

    /// SIGKILL at points that sweep one incremental build from its start to its end (each kill
    /// a little later than the one before, so the search parts' merge and the day chunks are
    /// among the points whatever the build's speed): after every kill the site and its search
    /// index resolve, and the build that finally completes writes the search index and the
    /// exports a full build writes, file for file (no row added twice, no block or chunk of a
    /// killed build left behind).
    @Test func aBuildAfterKilledOnesWritesAFullBuildsSearchIndex() throws {
        let (fixture, arguments, environment) = try Self.site(seed: 12)
        #expect(try ToolRun.run(arguments, environment: environment).status == 0)
        // New trades (new search parts and blocks) and new rows of known trades.
        _ = try Seeder(connection: try fixture.database.connect()).seed(.init(trades: 60, seed: 120, append: true))
        let crawler = LinkCrawler(root: fixture.out)
        let search = SearchIndexCrawler(root: fixture.out)
        var killed = 0
        var delay = 3_000.0
        while killed < 60 {
            let build = try Spawned(program: ToolRun.executable.path, arguments, environment: environment)
            usleep(useconds_t(delay))
            delay *= 1.35
            kill(build.pid, SIGKILL)
            guard build.wait() == 128 + SIGKILL else { break }  // it had ended before the kill
            killed += 1
            let broken = crawler.brokenLinks().broken + search.brokenReferences().broken
            #expect(broken.isEmpty, "kill \(killed) after \(Int(delay / 1.35 / 1000)) ms: \(broken.prefix(5))")
        }
        #expect(killed >= 3, "the kills did not land inside the build")
        let last = try ToolRun.run(arguments, environment: environment)
        #expect(last.status == 0, "\(last.stderr)")
        let full = fixture.folder.appendingPathComponent("full")
        try fixture.build(full: true, into: full)
        // What the next build reads back and extends: the search index and the day exports.
        let extended = { (path: String) in path.hasPrefix("search/") || path.hasPrefix("exports/") }
        let incremental = try fixture.snapshot().filter { extended($0.key) }
        let rebuilt = try fixture.snapshot(of: full).filter { extended($0.key) }
        #expect(incremental.count > 10)
        #expect(Set(incremental.keys).subtracting(rebuilt.keys).sorted() == [], "left behind")
        #expect(Set(rebuilt.keys).subtracting(incremental.keys).sorted() == [], "missing")
        for (path, digest) in rebuilt where incremental[path].map({ $0 != digest }) == true {
            Issue.record("\(path) differs")
        }
        #expect(try fixture.brokenLinks() == [])
    }

    /// A site of 80 backfilled trades (`seed`), and the arguments and environment that build it
    /// with the real executable.
    static func site(seed: UInt64) throws -> (SiteFixture, [String], [String: String]) {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 80, seed: seed))
        #expect(fixture.backfill().report.success)
        let arguments = [
            "build", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
            SiteFixture.templates.path,
        ]
        return (fixture, arguments, ["DATABASE_URL": fixture.database.url])
    }

    /// The published build.json's bytes (replaced last, with the other replacements).
    static func builtAt(_ fixture: SiteFixture) -> Data? {
        FileManager.default.contents(atPath: fixture.out.appendingPathComponent("build.json").path)
    }

    /// How many row pages are in place.
    static func rowPages(_ fixture: SiteFixture) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: fixture.out.appendingPathComponent("telemetry").path))?
            .count ?? 0
    }
}
