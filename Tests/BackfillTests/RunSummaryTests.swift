import Foundation
import Markdown
import Postgres
import RunSummaries
import TestSupport
import Testing

@testable import Telemetry

@Suite struct RunSummaryTests {
    static func record(
        id: String = "20261129-120000-aaaaaa", inserted: Int = 10, failed: [FailedRow] = [], success: Bool = true,
        error: String? = nil
    ) -> RunRecord {
        var outcome = BackfillOutcome(
            failure: success ? nil : .database(PostgresError(kind: .server, message: error ?? "failed")))
        outcome.scanned = 20
        outcome.inserted = inserted
        outcome.skipped = 20 - inserted - failed.count
        outcome.failed = failed
        outcome.batches = 1
        let start = Date(timeIntervalSince1970: 1_764_417_600)
        return RunRecord(
            runID: id, trigger: .http(user: "eve|<b>"), startedAt: start, finishedAt: start.addingTimeInterval(1.5),
            options: BackfillOptions(limit: BackfillLimit(requested: 9000)), outcome: outcome,
            database: "host h port 5432 database d")
    }

    @Test func headlineCountsAndSettingsAreThere() {
        let markdown = RunSummary(record: Self.record(), previous: nil).markdown()
        #expect(markdown.hasPrefix("# Backfill run 20261129-120000-aaaaaa\n"))
        #expect(markdown.contains("✅ **Succeeded**: inserted 10 of 20 scanned rows (10 skipped, 0 failed) in 1.50 s."))
        #expect(markdown.contains("| inserted | 10 |"))
        #expect(markdown.contains("| limit per batch | 5,000 (asked 9000, clamped to 1–5000) |"))
        #expect(markdown.contains("| trigger | http:eve\\|&lt;b&gt; |"))
        #expect(markdown.contains("No earlier run to compare with."))
        #expect(!markdown.contains("<details>"))
    }

    @Test func comparesWithThePreviousRun() {
        let previous = Self.record(id: "20261128-120000-bbbbbb", inserted: 4)
        let markdown = RunSummary(record: Self.record(), previous: previous).markdown()
        #expect(markdown.contains("| count | this run | since last run (20261128-120000-bbbbbb) | change |"))
        #expect(markdown.contains("| inserted | 10 | 4 | +6 |"))
        #expect(markdown.contains("| skipped | 10 | 16 | -6 |"))
    }

    @Test func failedRowsAreEscapedAndFolded() {
        let failed = [FailedRow(id: 7, error: "bad | row\n<script>alert(1)</script> `x`")]
        let markdown = RunSummary(record: Self.record(inserted: 9, failed: failed), previous: nil).markdown()
        #expect(markdown.contains("⚠️ **Succeeded with failed rows**"))
        #expect(markdown.contains("<details><summary>Failed rows (1)</summary>"))
        #expect(markdown.contains("| 7 | bad \\| row &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` |"))
        // Every table line has exactly the cells it declares: no pipe escaped the cell.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| 7 ") {
            let unescaped = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(unescaped == 3)
        }
    }

    @Test func aHugeFailureListIsCutWholeUnderOneMebibyte() throws {
        let failed = (1...5000).map { FailedRow(id: $0, error: String(repeating: "e|", count: 200)) }
        let markdown = RunSummary(record: Self.record(inserted: 0, failed: failed), previous: nil).markdown()
        #expect(markdown.utf8.count < RunSummary.byteLimit)
        #expect(markdown.contains("**Truncated:**"))
        #expect(markdown.contains("more failed rows are not shown"))
        #expect(markdown.hasSuffix("</details>\n"))
        let shown = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains(" | e\\|") }.count
        #expect(shown > 100 && shown < 5000)
        let notice = try #require(markdown.firstMatch(of: /\*\*Truncated:\*\* ([0-9,]+) more failed rows/))
        #expect(Int(notice.1.replacingOccurrences(of: ",", with: "")) == 5000 - shown)
    }

    @Test func aFailedRunShowsItsErrorInAFenceItCannotClose() {
        let markdown = RunSummary(
            record: Self.record(inserted: 0, success: false, error: "boom ```` fence"), previous: nil
        ).markdown()
        #expect(markdown.contains("❌ **Failed**"))
        #expect(markdown.contains("`````text\nboom ```` fence\n`````"))
    }

    @Test func storeKeepsJSONAndMarkdownAndFindsThePreviousRun() throws {
        let folder = temporaryFolder()
        let store = RunStore(stateDirectory: folder)
        try store.save(Self.record(id: "20261128-000000-aaaaaa", inserted: 3), summarize: RunSummary.summarizer)
        let markdown = try store.save(
            Self.record(id: "20261129-000000-aaaaaa", inserted: 5), summarize: RunSummary.summarizer)
        #expect(markdown.contains("| inserted | 5 | 3 | +2 |"))
        let all = try store.all()
        #expect(all.map(\.runID) == ["20261129-000000-aaaaaa", "20261128-000000-aaaaaa"])
        #expect(all.first?.inserted == 5)
        #expect(all.first?.durationMs == 1500)
        #expect(FileManager.default.fileExists(atPath: store.markdownURL("20261129-000000-aaaaaa").path))
    }

    /// A summary with everything big: thousands of failed rows, a long error and 150 changed groups.
    static func bigSummary() -> RunSummary {
        let failed = (1...4000).map {
            FailedRow(id: $0, error: "refused | <b>row</b> `\($0)` " + String(repeating: "x", count: 300))
        }
        var record = Self.record(
            inserted: 0, failed: failed, success: false, error: String(repeating: "boom ``` ", count: 900))
        (record.scanned, record.skipped) = (4000, 0)
        var trends = ErrorTrends(since: "2026-12-01T10:00:00Z")
        trends.new = (0..<50).map {
            .init(key: "k\($0)", fingerprint: "missing field | <i>\($0)</i>", count: 3, previous: 0)
        }
        trends.grew = (0..<50).map { .init(key: "g\($0)", fingerprint: "bad price `N`", count: 30, previous: 20) }
        trends.resolved = (0..<50).map { .init(key: "r\($0)", fingerprint: "late", count: 7, previous: 7) }
        (trends.newTotal, trends.grewTotal, trends.resolvedTotal) = (80, 50, 60)
        return RunSummary(
            record: record, previous: Self.record(id: "20261128-120000-bbbbbb"), trends: trends,
            errorsPage: "../errors/index.html")
    }

    /// The sizes reviewers read summaries at: a job summary (1 MiB), a pull-request comment
    /// (65,536) and the smallest allowed. Each stays within its size and renders with cmark-gfm
    /// into the structure it declares: one table per table block, every row with its header's
    /// cells, `<details>` closed, the headline first, and a notice naming what was left out.
    @Test(arguments: [RunSummary.byteLimit, 65_536, RunSummary.minimumBytes])
    func aSummaryFitsItsSizeAndStaysValidGFM(maxBytes: Int) throws {
        let markdown = Self.bigSummary().markdown(maxBytes: maxBytes)
        #expect(markdown.utf8.count <= maxBytes)
        #expect(markdown.hasPrefix("# Backfill run 20261129-120000-aaaaaa\n\n❌ **Failed**: inserted 0 of 4,000"))
        let html = MarkdownRenderer.html(markdown)
        #expect(html.components(separatedBy: "<details>").count == html.components(separatedBy: "</details>").count)
        let tableBlocks = markdown.components(separatedBy: "\n|---").count - 1
        #expect(html.components(separatedBy: "<table>").count - 1 == tableBlocks)
        for table in html.components(separatedBy: "<table>").dropFirst() {
            let body = table.components(separatedBy: "</table>")[0]
            let rows = body.components(separatedBy: "<tr>").dropFirst()
            let widths = Set(rows.map { $0.matches(of: /<t[dh][ >]/).count })
            #expect(widths.count == 1, "rows of unequal width in \(body.prefix(300))")
        }
        for tag in ["<b>", "<i>"] {
            #expect(
                !html.contains(tag),
                "a value's tag was rendered: \(html.ranges(of: tag).first.map { html[html.index($0.lowerBound, offsetBy: -200)..<$0.upperBound] } ?? "")"
            )
        }
        let notice = try #require(
            markdown.firstMatch(of: /> \*\*Shortened\*\* to fit ([0-9,]+) bytes: left out ([^.]+)\./))
        #expect(Int(notice.1.replacingOccurrences(of: ",", with: "")) == maxBytes)
        if maxBytes == RunSummary.minimumBytes {
            #expect(notice.2.contains("the failed-row details (4,000 rows)"))
            #expect(!markdown.contains("<details>"))
        } else {
            // Only failed rows had to go, cut whole; everything else is there.
            #expect(notice.2.hasSuffix(" of 4,000 failed rows"), "\(notice.2)")
            #expect(markdown.contains("**Truncated:**") && markdown.contains("<details>"))
            #expect(markdown.contains("## Counts") && markdown.contains("## Run") && markdown.contains("| 🆕 new |"))
        }
        if maxBytes == RunSummary.minimumBytes {
            #expect(notice.2.contains("the settings table") && notice.2.contains("the counts table"))
            #expect(markdown.contains("**80 new**, **50 grew**, **60 resolved**"))
        }
    }

    @Test func trendsListNewGrownAndResolvedGroupsWithLinks() throws {
        var trends = ErrorTrends(since: "2026-12-01T10:00:00Z")
        trends.new = [.init(key: "abc", fingerprint: "missing | field", count: 4, previous: 0)]
        trends.grew = [.init(key: "def", fingerprint: "bad price", count: 30, previous: 20)]
        trends.resolved = [.init(key: "ghi", fingerprint: "late", count: 7, previous: 7)]
        (trends.newTotal, trends.grewTotal, trends.resolvedTotal) = (1, 1, 1)
        let markdown = RunSummary(
            record: Self.record(), previous: nil, trends: trends, errorsPage: "../errors/index.html"
        ).markdown()
        #expect(markdown.contains("| 🆕 new | [missing \\| field](../errors/index.html#gabc) | 4 | new: +4 |"))
        #expect(markdown.contains("| 📈 grew | [bad price](../errors/index.html#gdef) | 30 | +10 (+50.0 %) |"))
        #expect(
            markdown.contains("| ✅ resolved | [late](../errors/index.html#gghi) | 7 | no row in the chart window |"))
        // What is new comes right after the headline, before the counts.
        let headline = try #require(markdown.range(of: "✅ **Succeeded**"))
        let section = try #require(markdown.range(of: "## Validation errors since the previous build"))
        let counts = try #require(markdown.range(of: "## Counts"))
        #expect(headline.upperBound < section.lowerBound && section.upperBound < counts.lowerBound)
        #expect(RunSummary(record: Self.record(), previous: nil).markdown().contains("Not compared yet"))
        #expect(
            RunSummary(record: Self.record(), previous: nil, trends: ErrorTrends(since: nil)).markdown().contains(
                "first build"))
    }
}
