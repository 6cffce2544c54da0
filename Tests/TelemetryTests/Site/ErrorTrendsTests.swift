import Foundation
import RunSummaries
import Telemetry
import Testing

@testable import SiteBuilder

/// What changed in the validation errors since the previous build, on the errors page (both
/// formats), the index and the page of the run before the build.
@Suite struct ErrorTrendsTests {
    /// Group A's only row ages out of the chart window, group B gains a row, group C is new.
    static func twoBuilds() throws -> (SiteFixture, SiteBuildReport, String) {
        let fixture = try SiteFixture.empty()
        try fixture.insert(received: "2025-03-10 09:00:00", raw: "{}", error: "old failure 'a'")
        try fixture.insert(received: "2025-06-01 09:00:00", raw: "{}", error: "missing field 'x' for trade 1")
        try fixture.insert(received: "2025-06-01 09:05:00", raw: "{}", error: "missing field 'y' for trade 2")
        let first = try fixture.build()
        #expect(first.errorTrends.since == nil)
        #expect(try fixture.read("errors/index.html").contains("This is the first build"))
        let run = try #require(fixture.backfill().record?.runID)
        try fixture.insert(received: "2025-06-10 09:00:00", raw: "{}", error: "missing field 'z' for trade 3")
        try fixture.insert(received: "2025-06-10 09:01:00", raw: "{}", error: "brand new <b>problem</b>")
        return (fixture, try fixture.build(), run)
    }

    @Test func newGrownAndResolvedGroupsAreListedAndLinked() throws {
        let (fixture, report, _) = try Self.twoBuilds()
        let trends = report.errorTrends
        #expect(trends.since != nil)
        #expect(trends.new.map(\.fingerprint) == ["brand new <b>problem</b>"])
        #expect(trends.grew.map { [$0.previous, $0.count] } == [[2, 3]])
        #expect(trends.resolved.map(\.fingerprint) == ["old failure '…'"])
        let html = try fixture.read("errors/index.html")
        #expect(html.contains("<strong>1 new</strong>, <strong>1 grew</strong>, <strong>1 resolved</strong>"))
        #expect(html.contains("brand new &lt;b&gt;problem&lt;/b&gt;") && !html.contains("<b>problem"))
        #expect(html.contains("3 rows, +1 (+50.0 %)") && html.contains("1 row, new: +1"))
        // Every trend links to a group section that is on the page.
        let links = html.matches(of: /<li><a href="#(g[0-9a-f]+)">/).map { String($0.1) }
        #expect(links.count == 3)
        for link in links { #expect(html.contains("id=\"\(link)\""), "no section for #\(link)") }
        let markdown = try fixture.read("errors/index.md")
        #expect(markdown.contains("| 🆕 new | brand new &lt;b&gt;problem&lt;/b&gt; | 1 | new: +1 |"))
        #expect(markdown.contains("| ✅ resolved | old failure '…' | 1 | no row in the chart window |"))
        let index = try fixture.read("index.html")
        #expect(index.contains(">1 new group</a>"))
    }

    @Test func theRunBeforeTheBuildShowsTheTrendsAndTheyStayUntilRowsChange() throws {
        let (fixture, _, run) = try Self.twoBuilds()
        for page in ["runs/\(run).md", "runs/\(run).html"] {
            let text = try fixture.read(page)
            #expect(text.contains("1 new") && text.contains("1 grew") && text.contains("1 resolved"), "\(page)")
        }
        #expect(try fixture.read("runs/\(run).html").contains("href=\"../errors/index.html#g"))
        // A build without new rows keeps them; one with new rows compares again.
        #expect(try fixture.build().errorTrends.newTotal == 1)
        #expect(try fixture.read("errors/index.html").contains("<strong>1 new</strong>"))
        try fixture.insert(received: "2025-06-11 09:00:00", raw: "{}", error: "brand new <b>problem</b>")
        let third = try fixture.build().errorTrends
        #expect(third.newTotal == 0 && third.grewTotal == 1)
        // The run's page keeps the trends of the build that followed it.
        #expect(try fixture.read("runs/\(run).md").contains("1 resolved"))
    }
}
