import Foundation
import TestSupport
import Testing

@testable import SiteBuilder

/// A literal dataset must produce exactly the committed pages. `UPDATE_GOLDEN=1 swift test`
/// rewrites them after a deliberate change (review the diff).
@Suite struct GoldenPageTests {
    static let folder = SiteFixture.repository.appendingPathComponent("Tests/SiteBuilderTests/Golden")

    static let pages: [(String, String)] = [
        ("telemetry/1.html", "telemetry-1.html"), ("telemetry/1.md", "telemetry-1.md"),
        ("telemetry/3.html", "telemetry-3.html"), ("telemetry/3.md", "telemetry-3.md"),
        ("list/page-1.html", "list-page-1.html"), ("list/page-1.md", "list-page-1.md"),
        ("trades/\(FileNames.trade("T-1")).html", "trade.html"), ("trades/\(FileNames.trade("T-1")).md", "trade.md"),
        ("errors/index.html", "errors.html"), ("errors/index.md", "errors.md"), ("404.html", "404.html"),
    ]

    static func site() throws -> SiteFixture {
        let fixture = try SiteFixture.empty()
        try fixture.insert(
            received: "2025-10-01 09:30:00",
            raw:
                #"{"trade_id": "T-1", "event_type": "ENTRY", "direction": "Bullish", "entry_price": 18500.25, "note": "a | b <i>"}"#,
            fused:
                #"{"trade_id": "T-1", "event": "ENTRY", "direction": "LONG", "entry_price": 18500.25, "targets": {"1R": 18520.5}}"#,
            handler: #"{"status": "ok"}"#, ms: 14)
        try fixture.insert(
            received: "2025-10-01 09:45:00", raw: #"{"trade_id": "T-1", "event_type": "MFE_UPDATE", "mfe": 1.5}"#,
            fused: nil, error: "missing field 'stop_loss' for trade 41", handler: #"{"status": "rejected"}"#, ms: 9)
        try fixture.insert(
            received: "2025-10-01 10:00:00", raw: #"{"trade_id": "T-1", "event_type": "MFE_UPDATE", "mfe": 1.25}"#,
            fused: #"{"trade_id": "T-1", "event": "MFE_UPDATE", "mfe": "1.25"}"#,
            error: "missing field 'stop_loss' for trade 42",
            handler: #"{"source": "backfill_7L", "run_id": "r-1", "automated_signal_id": 3}"#, ms: 0)
        try fixture.build()
        return fixture
    }

    @Test func pagesMatchTheGoldenFiles() throws {
        let fixture = try Self.site()
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for (page, golden) in Self.pages {
            let actual = try fixture.read(page)
            let url = Self.folder.appendingPathComponent(golden)
            if update { try actual.write(to: url, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(actual == expected, "\(page) differs from Golden/\(golden)")
        }
    }
}
