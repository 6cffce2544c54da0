import Foundation
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// Text from the rows never reorders the page around it: every text node (and attribute)
/// holding a bidirectional control or right-to-left letters is isolated, on every page, as
/// `Tests/e2e/bidi_check.py` reads them.
@Suite struct BidiIsolationTests {
    struct Problem: Decodable {
        var page: String
        var where_: String
        var text: String

        enum CodingKeys: String, CodingKey {
            case page, text
            case where_ = "where"
        }
    }

    static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/bidi_check.py")

    @Test func everyDataDerivedTextIsIsolatedOnEveryPage() throws {
        let (fixture, _) = try HostileSiteTests.hostileSite()
        // Event types and sources in the charts' legends and tables, and a run whose error
        // trends link groups with right-to-left text.
        for (index, type) in ["EXIT\u{202E}LS", "שלום", "ENTRY"].enumerated() {
            try fixture.insert(
                received: "2025-10-0\(index + 1) 11:00:00",
                raw: #"{"event_type": "\#(type)", "trade_id": "T-\#(index)"}"#,
                error: "invalid \u{202E}field\u{202C} in \(type)")
        }
        _ = fixture.backfill()
        try fixture.build(full: true)
        let run = try ToolRun.run(program: "/usr/bin/env", ["python3", Self.script.path, fixture.out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let problems = try JSONDecoder().decode([Problem].self, from: Data(run.stdout.utf8))
        let places = Set(problems.map { "\($0.page.split(separator: "/").first ?? "") <\($0.where_)>" }).sorted()
        #expect(
            problems.isEmpty, "\(problems.count) texts not isolated, in \(places): \(problems.prefix(5).map(\.text))")
        let pages = try fixture.snapshot().keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count > 20 && pages.contains { $0.hasPrefix("runs/") })
    }
}
