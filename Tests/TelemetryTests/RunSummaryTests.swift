import Foundation
import Postgres
import RunSummaries
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
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(UUID().uuidString)
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
}
