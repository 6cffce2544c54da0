import Foundation
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// The pages in a real browser: headless Chromium (Debian's `chromium`) loads the hostile
/// corpus's pages; no injected element may appear and no injected script may run.
@Suite struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func browse(_ url: URL, _ arguments: [String], profile: URL) throws -> ToolRun {
        let program = try #require(chromium, "chromium is not installed (scripts/setup installs it)")
        return try ToolRun.run(
            program: program,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                "--virtual-time-budget=2000",
            ]
                + arguments + [url.absoluteString])
    }

    @Test func hostilePagesRunNoInjectedScript() throws {
        let (fixture, ids) = try HostileSiteTests.hostileSite()
        let profile = fixture.folder.appendingPathComponent("chromium-profile")
        var pages = ids.map { "telemetry/\($0).html" } + ["index.html", "errors/index.html", "list/page-1.html"]
        pages += try fixture.snapshot().keys.filter { $0.hasPrefix("trades/") && $0.hasSuffix(".html") }
        for page in pages {
            let run = try Self.browse(fixture.out.appendingPathComponent(page), ["--dump-dom"], profile: profile)
            #expect(run.status == 0, "\(page): \(run.stderr.suffix(500))")
            let dom = run.stdout
            #expect(dom.contains("</html>"), "\(page): no DOM")
            #expect(!dom.contains(HostileCorpus.marker + "</title>"), "\(page): an injected script ran")
            // No more script elements than the page was written with (its own assets only).
            let written = try String(contentsOf: fixture.out.appendingPathComponent(page), encoding: .utf8)
            #expect(
                dom.components(separatedBy: "<script").count == written.components(separatedBy: "<script src=").count,
                "\(page): an injected script element")
            #expect(!dom.contains("<img"), "\(page): an injected image")
            #expect(!dom.contains("<a href=\"javascript:"), "\(page): an injected link")
        }
    }

    @Test func screenshotsOfTheIndexAndADetailPage() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 40))
        #expect(fixture.backfill().report.success)
        try fixture.build()
        let live = try fixture.database.count(
            "SELECT min(id) FROM telemetry_automated_signals_log WHERE fused_event IS NOT NULL")
        let shots = SiteFixture.screenshots
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for (page, name) in [("index.html", "index.png"), ("telemetry/\(live).html", "detail.png")] {
            let file = shots.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: file)
            let run = try Self.browse(
                fixture.out.appendingPathComponent(page), ["--window-size=1300,1600", "--screenshot=\(file.path)"],
                profile: fixture.folder.appendingPathComponent("chromium-profile"))
            #expect(run.status == 0, "\(run.stderr.suffix(500))")
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
            #expect(size > 20_000, "\(name) is \(size) bytes")
        }
    }

    /// axe-core (PyPI `axe-selenium-python`) on every kind of page, hostile rows included:
    /// no violation of any impact.
    @Test func everyPageKindPassesAxe() async throws {
        let (fixture, ids) = try HostileSiteTests.hostileSite()
        #expect(fixture.backfill().report.success)
        try fixture.insert(received: "2025-12-01 10:00:00", raw: "{}", error: "a group found new by the second build")
        try fixture.build()
        let files = try fixture.snapshot().keys
        let run = try #require(
            files.first { $0.hasPrefix("runs/") && $0.hasSuffix(".html") && $0 != "runs/index.html" })
        let trade = try #require(files.first { $0.hasPrefix("trades/") && $0.hasSuffix(".html") })
        let pages = [
            "index.html", "list/index.html", "list/page-1.html", "telemetry/\(ids[0]).html", trade, "errors/index.html",
            "runs/index.html", run, "redactions/index.html", "404.html", "search.html",
        ]
        let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/axe_pages.py")
        // The search page with results and filled filters too.
        let urls =
            pages.map { fixture.out.appendingPathComponent($0).absoluteString } + [
                fixture.out.appendingPathComponent("search.html").absoluteString + "?error=yes"
            ]
        let result = try await offThePool { try ToolRun.run(program: "/usr/bin/env", ["python3", script.path] + urls) }
        #expect(result.status == 0, "\(result.stderr.suffix(1000))")
        let found = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[String: Any]]]
        #expect(found?.count == urls.count)
        for (page, violations) in found ?? [:] {
            #expect(violations.isEmpty, "\(page): \(violations)")
        }
    }
}
