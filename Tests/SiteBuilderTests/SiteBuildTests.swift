import DemoData
import Foundation
import Postgres
import TestSupport
import Testing

@testable import SiteBuilder
@testable import Telemetry

@Suite struct SiteBuildTests {
    /// Why a build took its mode, as `build --json` and the manifest write it, read back.
    @Test func buildReasonsReadBackAsWritten() throws {
        let reasons: [BuildReason] = [
            .forced, .noPreviousBuild, .outputHasNoBuild, .inputsChanged, .rowsDeletedOrRewritten, .newRows(1),
            .newRows(0), .newRows(1_234),
        ]
        for reason in reasons {
            let data = try JSONEncoder().encode([reason])
            #expect(try JSONDecoder().decode([BuildReason].self, from: data) == [reason], "\(reason)")
        }
        #expect(BuildReason.newRows(1).description == "1 new row")
        #expect(BuildReason.newRows(2).description == "2 new rows")
    }

    static func seededFixture(trades: Int = 30) throws -> SiteFixture {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: trades))
        #expect(fixture.backfill().report.success)
        return fixture
    }

    @Test func aFullBuildMakesEveryPageAndEveryLinkResolves() throws {
        let fixture = try Self.seededFixture()
        let report = try fixture.build()
        #expect(report.mode == .full)
        let count = try fixture.database.count("SELECT count(*) FROM telemetry_automated_signals_log")
        #expect(report.rows == count)
        let ids = try fixture.database.connect().query("SELECT id FROM telemetry_automated_signals_log").rows.compactMap
        { $0.int("id") }
        for id in ids {
            #expect(fixture.exists("telemetry/\(id).html") && fixture.exists("telemetry/\(id).md"), "row \(id)")
        }
        let pages = (count + 49) / 50
        for page in 1...pages {
            #expect(fixture.exists("list/page-\(page).html") && fixture.exists("list/page-\(page).md"))
        }
        #expect(!fixture.exists("list/page-\(pages + 1).html"))
        for path in [
            "index.html", "list/index.html", "errors/index.html", "errors/index.md", "runs/index.html", "404.html",
            "assets/style.css", "assets/app.js", "build.json",
        ] {
            #expect(fixture.exists(path), "\(path)")
        }
        let trades = try fixture.database.count(
            "SELECT count(DISTINCT raw_payload->>'trade_id') FROM telemetry_automated_signals_log")
        let tradePages = try FileManager.default.contentsOfDirectory(
            atPath: fixture.out.appendingPathComponent("trades").path)
        #expect(tradePages.filter { $0.hasSuffix(".html") }.count == trades)
        let run = try #require(try RunStore(stateDirectory: fixture.state).all().first)
        #expect(fixture.exists("runs/\(run.runID).html") && fixture.exists("runs/\(run.runID).md"))
        #expect(try fixture.brokenLinks() == [])
    }

    @Test func archivePagesAreNumberedFromTheOldestRow() throws {
        let fixture = try Self.seededFixture()
        try fixture.build()
        let first = try fixture.read("list/page-1.html")
        #expect(first.contains("href=\"../telemetry/1.html\""))
        #expect(first.contains("href=\"../telemetry/50.html\""))
        #expect(!first.contains("href=\"../telemetry/51.html\""))
        #expect(try fixture.read("list/page-2.md").contains("[51](../telemetry/51.md)"))
    }

    @Test func aRebuildWithoutChangesWritesIdenticalBytes() throws {
        let fixture = try Self.seededFixture()
        try fixture.build(full: true)
        let before = try fixture.snapshot()
        try fixture.build(full: true)
        var after = try fixture.snapshot()
        #expect(Set(before.keys) == Set(after.keys))
        var differing = before.keys.filter { before[$0] != after[$0] }.sorted()
        // Only the build stamp and the index (which shows the build time) may differ; they are
        // equal too when both builds fall within the same second.
        #expect(Set(differing).isSubset(of: ["build.json", "index.html"]), "\(differing)")
        // An incremental build with no new rows writes nothing but the build stamp and the index.
        let report = try fixture.build()
        #expect(report.mode == .incremental)
        after = try fixture.snapshot()
        differing = before.keys.filter { before[$0] != after[$0] }.sorted()
        #expect(Set(differing).isSubset(of: ["build.json", "index.html"]))
        #expect(Set(report.changedFiles).isSubset(of: ["build.json", "index.html"]))
    }

    @Test func anIncrementalBuildRewritesOnlyWhatChanged() throws {
        let fixture = try Self.seededFixture(trades: 40)
        try fixture.build()
        let before = try fixture.snapshot()
        let connection = try fixture.database.connect()
        let previousMax = try fixture.database.count("SELECT max(id) FROM telemetry_automated_signals_log")
        let count = try fixture.database.count("SELECT count(*) FROM telemetry_automated_signals_log")
        let trade = try #require(
            try connection.query(
                "SELECT raw_payload->>'trade_id' AS t FROM telemetry_automated_signals_log WHERE id = 3"
            ).first?["t"])
        let new = try (0..<3).map { index in
            try fixture.insert(
                received: "2025-12-01 10:0\(index):00",
                raw: "{\"trade_id\": \"\(trade)\", \"event_type\": \"MFE_UPDATE\", \"mfe\": \(index)}",
                fused: "{\"trade_id\": \"\(trade)\"}",
                error: index == 1 ? "missing field 'stop_loss' for trade 77" : nil)
        }
        let report = try fixture.build()
        #expect(report.mode == .incremental)
        let after = try fixture.snapshot()
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        let file = FileNames.trade(trade)
        let oldPage = (count - 1) / 50 + 1
        let newPage = (count + 3 - 1) / 50 + 1
        var expected: Set<String> = [
            "index.html", "build.json", "errors/index.html", "errors/index.md", "redactions/index.html",
            "redactions/index.md", "trades/\(file).html", "trades/\(file).md",
            "telemetry/\(previousMax).html", "telemetry/\(previousMax).md", "list/index.html", "list/index.md",
            // The new rows' day of exports and the export index; the errors feed (a new group).
            "exports/2025-12-01.ndjson", "exports/2025-12-01.csv", "exports/index.json", "feeds/errors.atom",
            // The search index: the new rows' day, the whole-table counts, the groups.
            "search/days/2025-12-01.js", "search/meta.js", "search/groups.js",
        ]
        // And the new day's row chunks and the trade's chunk (names from the data).
        expected.formUnion(
            changed.filter { $0.hasPrefix("search/rows/2025-12-01/") || $0.hasPrefix("search/trades/c/") })
        #expect(changed.contains { $0.hasPrefix("search/trades/c/") }, "the touched trade's chunk")
        for id in new { expected.formUnion(["telemetry/\(id).html", "telemetry/\(id).md"]) }
        for page in oldPage...newPage { expected.formUnion(["list/page-\(page).html", "list/page-\(page).md"]) }
        #expect(changed.subtracting(expected).isEmpty, "unexpected: \(changed.subtracting(expected).sorted())")
        // Everything that had to change did (the old newest page gains rows or a link).
        let mustChange = expected.subtracting(["list/index.md"])
        #expect(mustChange.subtracting(changed).isEmpty, "missing: \(mustChange.subtracting(changed).sorted())")
        #expect(try fixture.read("telemetry/\(previousMax).html").contains("href=\"\(new[0]).html\""))
        #expect(try fixture.brokenLinks() == [])
    }

    /// An incremental build finds the older rows of the trades its new rows touch through the
    /// published search index (a masked trade id, which the index leaves out, through the table):
    /// its trade pages and trade index are a full build's, and the index lists each trade's rows.
    @Test func anIncrementalBuildsTradesAreAFullBuilds() throws {
        let fixture = try Self.seededFixture(trades: 20)
        // A trade id redaction masks (an AWS key id in it), with a row before the first build.
        let masked = "T-AKIAIOSFODNN7EXAMPLE"
        try fixture.insert(
            received: "2025-11-30 09:00:00", raw: "{\"trade_id\": \"\(masked)\", \"event_type\": \"ENTRY\"}")
        try fixture.build()
        let connection = try fixture.database.connect()
        let trades = try connection.query(
            "SELECT DISTINCT raw_payload->>'trade_id' AS t FROM telemetry_automated_signals_log WHERE raw_payload ? 'trade_id' ORDER BY 1"
        ).rows.compactMap { $0["t"] }
        let touched = Array(trades.filter { $0 != masked }.prefix(3))
        let search = fixture.out.appendingPathComponent("search")
        let listed = try SearchTrades.publishedRowIDs(of: touched + ["no such trade"], published: .init(search))
            .sorted()
        let stored = try connection.query(
            "SELECT id FROM telemetry_automated_signals_log WHERE raw_payload->>'trade_id' = ANY($1::text[]) ORDER BY id",
            [TextArray(touched)]
        ).rows.compactMap { $0.int("id") }
        #expect(listed == stored && listed.count >= 3)
        for (index, trade) in (touched + ["T-NEW-1", masked]).enumerated() {
            try fixture.insert(
                received: "2025-12-02 10:0\(index):00",
                raw: "{\"trade_id\": \"\(trade)\", \"event_type\": \"MFE_UPDATE\", \"mfe\": \(index)}")
        }
        #expect(try fixture.build().mode == .incremental)
        let full = fixture.folder.appendingPathComponent("Full")
        try fixture.build(full: true, into: full)
        let (incremental, rebuilt) = (try fixture.snapshot(), try fixture.snapshot(of: full))
        func tradeFiles(_ files: [String: String]) -> [String: String] {
            files.filter { $0.key.hasPrefix("trades/") || $0.key.hasPrefix("search/trades/") }
        }
        #expect(tradeFiles(incremental) == tradeFiles(rebuilt))
        #expect(tradeFiles(incremental).count > 40)
        // The masked trade's page (named after its masked id) has its older row too.
        let maskedPages = try incremental.keys.filter { $0.hasPrefix("trades/") && $0.hasSuffix(".html") }
            .map { try fixture.read($0) }.filter { $0.contains("[redacted:") }
        #expect(maskedPages.count == 1)
        #expect(maskedPages.allSatisfy { $0.contains("ENTRY") && $0.contains("MFE_UPDATE") })
    }

    /// The row ids an index section lists, in order.
    static func listed(_ index: String, section: String) throws -> [Int] {
        let start = try #require(index.firstRange(of: "aria-labelledby=\"\(section)\""))
        let body = index[start.upperBound...]
        let end = try #require(body.firstRange(of: "</section>"))
        return body[..<end.lowerBound].matches(of: /<td><a href="telemetry\/(\d+)\.html">/).compactMap { Int($0.1) }
    }

    /// The index lists the 50 newest rows by time received and the rows of the newest backfill
    /// run that inserted any, as PostgreSQL orders them; an incremental build agrees.
    @Test func theIndexListsTheNewestReceivedAndTheLastBackfillsRows() throws {
        let fixture = try Self.seededFixture(trades: 40)
        try fixture.build()
        func expectAsPostgreSQL() throws {
            let connection = try fixture.database.connect()
            let received = try connection.query(
                "SELECT id FROM telemetry_automated_signals_log WHERE received_at IS NOT NULL ORDER BY received_at DESC, id DESC LIMIT 50"
            ).rows.compactMap { $0.int("id") }
            let run = try #require(
                try connection.query(
                    "SELECT handler_result->>'run_id' AS run FROM telemetry_automated_signals_log WHERE handler_result->>'source' = 'backfill_7L' ORDER BY id DESC LIMIT 1"
                ).first?["run"])
            let inserted = try connection.query(
                "SELECT id FROM telemetry_automated_signals_log WHERE handler_result->>'run_id' = $1 ORDER BY id DESC LIMIT 50",
                [run]
            ).rows.compactMap { $0.int("id") }
            let index = try fixture.read("index.html")
            #expect(try Self.listed(index, section: "newest") == received)
            #expect(try Self.listed(index, section: "inserted") == inserted)
            #expect(index.contains(">\(run)</a>, inserted"), "the run is named")
        }
        try expectAsPostgreSQL()
        // A late row with an old time, a new newest row, then a night whose outage a second run
        // backfills: the incremental build's lists are PostgreSQL's again.
        try fixture.insert(received: "2020-01-01 00:00:00", raw: "{\"event_type\": \"ENTRY\"}")
        try fixture.insert(received: "2031-01-01 00:00:00", raw: "{\"event_type\": \"ENTRY\"}")
        _ = try Seeder(connection: try fixture.database.connect()).seed(.init(trades: 10, append: true))
        #expect(fixture.backfill().report.inserted > 0)
        #expect(try fixture.build().mode == .incremental)
        try expectAsPostgreSQL()
    }

    @Test func deletedRowsAreNoticedAndTheirPagesRemoved() throws {
        let fixture = try Self.seededFixture()
        try fixture.build()
        #expect(fixture.exists("telemetry/7.html"))
        try fixture.database.connect().execute("DELETE FROM telemetry_automated_signals_log WHERE id = 7")
        let report = try fixture.build()
        #expect(report.mode == .full)
        #expect(report.reason == .rowsDeletedOrRewritten)
        #expect(!fixture.exists("telemetry/7.html"))
        #expect(!fixture.exists("telemetry/7.md"))
        #expect(try fixture.brokenLinks() == [])
    }

    @Test func templatesOverrideFileByFileAndAChangeMeansAFullBuild() throws {
        let fixture = try Self.seededFixture(trades: 5)
        try fixture.build()
        let overrides = fixture.folder.appendingPathComponent("overrides")
        try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
        try "{{> header}}<h1>Lost: {{title}}</h1>{{> footer}}\n".write(
            to: overrides.appendingPathComponent("404.html.mustache"), atomically: true, encoding: .utf8)
        let report = try fixture.build(overrides: overrides)
        #expect(report.mode == .full)
        #expect(report.reason == .inputsChanged)
        #expect(try fixture.read("404.html").contains("<h1>Lost: Not found</h1>"))
        #expect(try fixture.read("index.html").contains("Headline numbers"))
        #expect(try fixture.build(overrides: overrides).mode == .incremental)
        #expect(try fixture.build(full: true, overrides: overrides).reason == .forced)
    }

    @Test func aBrokenTemplateNamesItsFileAndLine() throws {
        let fixture = try Self.seededFixture(trades: 2)
        let overrides = fixture.folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
        try "{{> header}}\n<p>ok</p>\n{{#rows}}<b>{{id}}</b>\n{{> footer}}\n".write(
            to: overrides.appendingPathComponent("trade.html.mustache"), atomically: true, encoding: .utf8)
        let error = #expect(throws: SiteBuildError.self) { try fixture.build(overrides: overrides) }
        #expect(error?.step == "load templates")
        #expect(error?.message.contains("trade.html.mustache:") == true)
        #expect(error?.message.contains("expectedSectionEnd") == true, "\(error?.message ?? "")")
        #expect(!fixture.exists("index.html"))
    }

    @Test func aFolderThatIsNotASiteIsNeverTakenOver() throws {
        let fixture = try Self.seededFixture(trades: 2)
        try FileManager.default.createDirectory(at: fixture.out, withIntermediateDirectories: true)
        try "precious".write(to: fixture.out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: SiteBuildError.self) { try fixture.build() }
        #expect(try fixture.read("notes.txt") == "precious")
    }

    @Test func aFailedRunPutsABannerOnTheIndex() throws {
        let fixture = try SiteFixture.empty()
        try fixture.database.connect().execute("DROP TABLE automated_signals")
        let failed = fixture.backfill()
        #expect(!failed.report.success)
        try fixture.build()
        let index = try fixture.read("index.html")
        #expect(index.contains("class=\"banner\""))
        #expect(index.contains("The last backfill run \(failed.report.runID ?? "?") failed"))
        #expect(try fixture.read("runs/\(failed.report.runID ?? "?").html").contains("<table>"))
    }
}
