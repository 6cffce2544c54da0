import Foundation
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// A server POSTed every minute keeps every run record but not a page per run.
@Suite struct RunRetentionTests {
    @Test func onlyTheNewestRunsAndRunsWithRowsKeepAPage() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let first = try #require(fixture.backfill().record)
        #expect(first.inserted > 0)
        let store = RunStore(stateDirectory: fixture.state)
        // 12 no-op runs over two days after the one that inserted rows.
        func noop(_ index: Int) throws {
            var run = first
            run.runID = String(format: "2099010%d-%06d-abcdef", 1 + index / 6, index)
            run.inserted = 0
            run.scanned = 3
            run.success = index % 5 != 0
            try store.save(run, summarize: RunSummary.summarizer)
        }
        for index in 0..<12 { try noop(index) }
        var options = fixture.options()
        options.runPages = 4
        _ = try fixture.build(options)
        #expect(try store.all().count == 13, "every record stays")
        let pages = try Self.runPages(fixture)
        // The 4 newest plus the one that inserted rows.
        #expect(pages == Set((8..<12).map { String(format: "2099010%d-%06d-abcdef", 1 + $0 / 6, $0) } + [first.runID]))
        let index = try fixture.read("runs/index.html")
        #expect(index.contains("<td>2099-01-02</td>") && index.contains("<td>2099-01-01</td>"))
        #expect(index.contains("href=\"\(first.runID).html\""))
        #expect(try fixture.brokenLinks() == [])
        // Two more runs: an incremental build removes the pages that aged out.
        for index in 12..<14 { try noop(index) }
        let report = try fixture.build(options)
        #expect(report.mode == .incremental)
        #expect(try Self.runPages(fixture).count == 5)
        #expect(!fixture.exists("runs/20990102-000008-abcdef.html"))
        #expect(fixture.exists("runs/20990103-000013-abcdef.html"))
        #expect(try fixture.brokenLinks() == [])
        // A full build agrees byte for byte.
        let incremental = try fixture.snapshot()
        _ = try fixture.build(options, full: true)
        let full = try fixture.snapshot()
        #expect(Set(full.keys) == Set(incremental.keys))
        #expect(full["runs/index.html"] == incremental["runs/index.html"])
    }

    /// The runs index charts the newest 90 runs and shows each count's change from the run
    /// before; a run page links the older and newer run.
    @Test func theHistoryChartsTheNewestRunsAndRunPagesLinkTheirNeighbours() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let first = try #require(fixture.backfill().record)
        let store = RunStore(stateDirectory: fixture.state)
        let ids = (0..<100).map { String(format: "20990101-%06d-abcdef", $0) }
        for (index, id) in ids.enumerated() {
            var run = first
            run.runID = id
            run.inserted = index % 7
            run.skipped = 3
            try store.save(run, summarize: RunSummary.summarizer)
        }
        try fixture.build()
        let index = try fixture.read("runs/index.html")
        let chart = try #require(index.firstRange(of: "<figure class=\"chart\" id=\"chart-runs\""))
        let figure = index[chart.lowerBound...].split(separator: "</figure>")[0]
        #expect(figure.matches(of: /<tr><th scope="row">(<a href="[^"]*">)?2099/).count == 90)
        #expect(figure.contains(">\(ids[99])</a></th>") && !figure.contains(">\(ids[9])<"))
        // Run 13 inserted 6, run 14 inserted 0: the table says -6 on run 14's line.
        let line = try #require(index.firstMatch(of: /<tr><td><a href="20990101-000014-abcdef.html">.*?<\/tr>/))
        #expect(line.0.contains("0 <span class=\"delta\">(-6)</span>"), "\(line.0)")
        let middle = try fixture.read("runs/\(ids[50]).html")
        #expect(middle.contains("<a href=\"\(ids[49]).html\" rel=\"prev\">"))
        #expect(middle.contains("<a href=\"\(ids[51]).html\" rel=\"next\">"))
        #expect(try fixture.read("runs/\(ids[50]).md").contains("Older run: [\(ids[49])](\(ids[49]).md) · Newer run"))
        #expect(!(try fixture.read("runs/\(ids[99]).html")).contains("rel=\"next\""))
        #expect(try fixture.read("runs/\(first.runID).html").contains("rel=\"next\""))
        #expect(try fixture.brokenLinks() == [])
    }

    static func runPages(_ fixture: SiteFixture) throws -> Set<String> {
        Set(
            try FileManager.default.contentsOfDirectory(atPath: fixture.out.appendingPathComponent("runs").path)
                .filter { $0.hasSuffix(".html") && $0 != "index.html" }.map { String($0.dropLast(5)) })
    }
}
