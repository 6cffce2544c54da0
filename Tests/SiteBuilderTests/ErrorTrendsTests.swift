import Foundation
import RunSummaries
import Telemetry
import TestSupport
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

/// `feeds/runs.atom` and `feeds/errors.atom`, read by feedparser: valid Atom 1.0, entry ids that
/// stay, hostile text inert.
@Suite struct FeedTests {
    static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/feed_check.py")

    struct Feed: Decodable {
        struct Entry: Decodable, Equatable {
            var id: String?
            var title: String?
            var link: String?
        }

        var bozo: Bool
        var error: String
        var version: String
        var entries: [Entry]
    }

    static func parse(_ fixture: SiteFixture) throws -> (runs: Feed, errors: Feed) {
        let paths = ["runs", "errors"].map { fixture.out.appendingPathComponent("feeds/\($0).atom").path }
        let run = try ToolRun.run(program: "/usr/bin/env", ["python3", script.path] + paths)
        #expect(run.status == 0, "\(run.stderr)")
        let feeds = try JSONDecoder().decode([String: Feed].self, from: Data(run.stdout.utf8))
        return (try #require(feeds[paths[0]]), try #require(feeds[paths[1]]))
    }

    @Test func feedsAreValidAtomWithStableIDs() throws {
        let (fixture, report, run) = try ErrorTrendsTests.twoBuilds()
        let (runs, errors) = try Self.parse(fixture)
        for feed in [runs, errors] {
            #expect(!feed.bozo, "\(feed.error)")
            #expect(feed.version == "atom10")
        }
        #expect(runs.entries.map(\.id) == ["urn:telemetry-site:run:\(run)"])
        #expect(runs.entries.first?.link?.hasSuffix("runs/\(run).html") == true)
        let key = try #require(report.errorTrends.new.first?.key)
        #expect(
            errors.entries == [
                .init(
                    id: "urn:telemetry-site:error-group:\(key)", title: "brand new <b>problem</b>",
                    link: errors.entries.first?.link)
            ])
        #expect(errors.entries.first?.link?.hasSuffix("errors/index.html#g\(key)") == true)
        // A group with control characters and markup: still valid, the earlier entry keeps its id.
        try fixture.insert(received: "2025-06-12 09:00:00", raw: "{}", error: "bell \u{07} nul-ish \u{01} <x> & ]]>")
        try fixture.build()
        let (_, after) = try Self.parse(fixture)
        #expect(!after.bozo, "\(after.error)")
        #expect(after.entries.map(\.id).last == "urn:telemetry-site:error-group:\(key)")
        #expect(after.entries.count == 2)
        #expect(after.entries.first?.title?.contains("<x> & ]]>") == true)
        // The index and the errors page point feed readers at them.
        #expect(
            try fixture.read("index.html").contains(
                #"<link rel="alternate" type="application/atom+xml" title="Backfill runs" href="feeds/runs.atom">"#))
        #expect(try fixture.read("errors/index.html").contains(#"href="../feeds/errors.atom">"#))
    }
}
