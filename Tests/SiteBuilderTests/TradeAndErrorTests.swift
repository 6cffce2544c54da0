import Foundation
import JSONKit
import TestSupport
import Testing

@testable import SiteBuilder
@testable import Telemetry

@Suite struct TradeAndErrorTests {
    static func rows(_ events: [(String, String?)]) -> [TelemetryRow] {
        events.enumerated().map {
            TelemetryRow(
                id: $0.offset + 1, tradeID: "T", eventType: EventType(rawValue: $0.element.0), mfe: $0.element.1)
        }
    }

    @Test func aCleanLifecycleHasNoFlags() {
        let page = TradePage(
            tradeID: "T",
            rows: Self.rows([("ENTRY", "0"), ("MFE_UPDATE", "1.2"), ("BE_TRIGGERED", "1.2"), ("EXIT_BE", "1.2")]))
        #expect(page.sequenceFlags().summary == [])
    }

    @Test func brokenSequencesAreFlagged() {
        let page = TradePage(
            tradeID: "T",
            rows: Self.rows([
                ("ENTRY", "0"), ("MFE_UPDATE", "2.0"), ("MFE_UPDATE", "1.5"), ("ENTRY", nil), ("EXIT_SL", nil),
                ("MFE_UPDATE", nil),
            ]))
        let flags = page.sequenceFlags()
        #expect(flags.perRow == [nil, nil, .mfeWentDown, .secondEntry, nil, .eventAfterExit])
        #expect(flags.summary == ["MFE went down at row 3", "second ENTRY at row 4", "event after exit at row 6"])
        #expect(TradePage(tradeID: "T", rows: Self.rows([("MFE_UPDATE", "1")])).sequenceFlags().summary == ["no ENTRY"])
    }

    /// Two ids over 60 characters with one 32-bit FNV-1a hash (a birthday search over numeric
    /// suffixes found them): with the old names both trades were written to one file.
    static let fnvTwins = (
        "20250902_1100_S_141_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx412789",
        "20250902_1100_S_141_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx649192"
    )

    @Test func tradesWhoseOldHashesCollideGetTheirOwnPages() throws {
        let site = try SiteFixture.empty()
        let (first, second) = Self.fnvTwins
        try site.insert(raw: "{\"trade_id\": \"\(first)\", \"event_type\": \"ENTRY\", \"direction\": \"LONG\"}")
        try site.insert(raw: "{\"trade_id\": \"\(second)\", \"event_type\": \"EXIT_SL\", \"direction\": \"SHORT\"}")
        #expect(FileNames.trade(first) != FileNames.trade(second))
        try site.build()
        let pages = [first, second].map { try? site.read("trades/\(FileNames.trade($0)).html") }
        #expect(pages[0]?.contains(">ENTRY<") == true && pages[0]?.contains(">EXIT_SL<") == false)
        #expect(pages[1]?.contains(">EXIT_SL<") == true && pages[1]?.contains(">ENTRY<") == false)
        // Incremental: a new row for each keeps them apart too.
        try site.insert(raw: "{\"trade_id\": \"\(second)\", \"event_type\": \"EXIT_BE\"}")
        try site.build()
        #expect(try site.read("trades/\(FileNames.trade(first)).html").contains(">EXIT_BE<") == false)
        #expect(try site.read("trades/\(FileNames.trade(second)).html").contains(">EXIT_BE<"))
    }

    /// A right-to-left override in a trade id must not flip the text after it.
    @Test func untrustedInlineTextIsIsolated() throws {
        let site = try SiteFixture.empty()
        let trade = "T\u{202E}1-gnp.exe"
        let id = try site.insert(
            raw: "{\"trade_id\": \"\(trade)\", \"event_type\": \"EXIT\u{202E}SL\"}", error: "bad \u{202E}value")
        try site.build()
        let isolated = "<bdi>\(trade)</bdi>"
        #expect(try site.read("trades/\(FileNames.trade(trade)).html").contains("<h1>Trade \(isolated)</h1>"))
        #expect(try site.read("list/index.html").contains(isolated))
        let detail = try site.read("telemetry/\(id).html")
        #expect(detail.contains(isolated) && detail.contains("<bdi>EXIT\u{202E}SL</bdi>"))
        #expect(detail.contains("<bdi>bad \u{202E}value</bdi>"))
    }

    @Test func fileNamesAreSafeAndUnique() {
        let hostile = "../../etc/passwd <script>|`x`"
        let name = FileNames.trade(hostile)
        #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(FileNames.trade("T|1") != FileNames.trade("T 1"))
        #expect(FileNames.trade(String(repeating: "a", count: 500)).count <= 93)
    }

    @Test(arguments: [
        ("missing field 'stop_loss' for trade 41", "missing field '…' for trade N"),
        ("missing field 'stop_loss' for trade 20250901_0930_L_7", "missing field '…' for trade ID"),
        (
            "event EXIT_SL out of order: trade 9 already at MFE 1.5000",
            "event EXIT_SL out of order: trade N already at MFE N"
        ),
        ("bad \"quoted\" value", "bad \"…\" value"),
    ])
    func errorFingerprintsNormaliseDigitsIdsAndQuotes(message: String, fingerprint: String) {
        #expect(ErrorGroups.fingerprint(message) == fingerprint)
    }

    @Test func errorGroupsCountFirstAndLastSeen() {
        var groups = ErrorGroups()
        for (id, time) in [(5, "2025-10-02"), (3, "2025-10-01"), (9, "2025-10-03")] {
            groups.add(
                TelemetryRow(
                    id: id, receivedAt: Timestamp(text: time), validationError: "missing field 'x' for trade \(id)",
                    eventType: .entry))
        }
        groups.add(TelemetryRow(id: 10, validationError: "other"))
        let group = groups.groups["missing field '…' for trade N"]
        #expect(group?.count == 3)
        #expect(group?.first == "2025-10-01")
        #expect(group?.last == "2025-10-03")
        #expect(group?.examples == [5, 3, 9])
        #expect(groups.total == 4)
    }

    /// Hostile and unusual trade ids, prices and times fall into the group ordinary ones make:
    /// values are read by their field, not by their characters.
    @Test func errorGroupsReadTheRowsOwnValuesByField() throws {
        let odd = "T<b>|`431`|\"q\" 🚀"
        let cases: [(trade: String, payload: String, message: String)] = [
            ("20250905_1330_L_439", "{}", "missing field 'stop_loss' for trade 20250905_1330_L_439"),
            (odd, "{}", "missing field 'stop_loss' for trade \(odd)"),
            (
                "20250905_1300_S_437", "{\"mfe\": 0.38}",
                "event EXIT_SL out of order: trade 20250905_1300_S_437 already at MFE 0.38"
            ),
            (odd, "{\"mfe\": \"n/a R\"}", "event EXIT_SL out of order: trade \(odd) already at MFE n/a R"),
            (
                "AB-C", "{\"signal_time\": \"yesterday noon\"}",
                "price feed stale: last quote for trade AB-C is from yesterday noon"
            ),
            (
                "20250905_1100_L_429", "{\"signal_time\": \"2025-09-05 11:00:00\"}",
                "price feed stale: last quote for trade 20250905_1100_L_429 is from 2025-09-05 11:00:00"
            ),
        ]
        var groups = ErrorGroups()
        for (index, item) in cases.enumerated() {
            groups.add(
                TelemetryRow(
                    id: index + 1, rawPayload: JSONDocument(text: item.payload), validationError: item.message,
                    tradeID: item.trade))
        }
        #expect(
            groups.groups.keys.sorted() == [
                "event EXIT_SL out of order: trade ID already at MFE N", "missing field '…' for trade ID",
                "price feed stale: last quote for trade ID is from N-N-N N:N:N",
            ], "\(groups.groups.keys.sorted())")
        #expect(groups.groups.values.allSatisfy { $0.count == 2 })
        // Ordinary values keep the fingerprint the character rules give them; a value is only
        // replaced where it stands as a whole token.
        let numeric = TelemetryRow(id: 9, validationError: "missing field 'x' for trade 41", tradeID: "41")
        #expect(ErrorGroups.fingerprint(of: numeric) == "missing field '…' for trade N")
        let glued = TelemetryRow(id: 10, validationError: "tradeXYZ1 failed for XYZ", tradeID: "XYZ")
        #expect(ErrorGroups.withRowValues(glued.validationError!, of: glued) == "tradeXYZ1 failed for 1_L_1")
    }

    /// The trade picture: one linked point per event at its MFE, the stop moved to the entry
    /// at BE_TRIGGERED, flagged events ringed and named, times on the axis.
    @Test func theTradeIsDrawnAsATimeline() throws {
        let events: [(EventType, String?, String)] = [
            (.entry, "0", "2025-09-01 10:00:00"), (.mfeUpdate, "1.5", "2025-09-01 10:30:00"),
            (.beTriggered, "1.5", "2025-09-01 11:00:00"), (.exitBE, "1.5", "2025-09-01 12:00:00"),
            (.mfeUpdate, "0.5", "2025-09-01 12:30:00"),
        ]
        let rows = events.enumerated().map { index, event in
            TelemetryRow(
                id: 100 + index, receivedAt: Timestamp(text: event.2), tradeID: "T", eventType: event.0, mfe: event.1)
        }
        let (flags, _) = TradeFlag.flags(of: rows)
        let svg = try #require(TradeChart(rows: rows, flags: flags).render())
        #expect(svg.matches(of: /<a class="mark" tabindex="(0|-1)" href="..\/telemetry\/(\d+).html">/).count == 5)
        #expect(svg.matches(of: /tabindex="0"/).count == 1)
        for row in rows { #expect(svg.contains("href=\"../telemetry/\(row.id).html\"")) }
        // The last row comes after the exit: ringed and named on the picture and in its tooltip.
        #expect(svg.matches(of: /<circle class="flag"/).count == 2)  // the point and the legend
        #expect(
            svg.contains(">event after exit</text>")
                && svg.contains("2025-09-01 12:30:00 · MFE_UPDATE · MFE 0.5 · event after exit"))
        // Stop at −1 R until BE_TRIGGERED (at 11:00, half-way along the time axis), then at 0 R.
        let breakEven = SVGChart.Frame.left + SVGChart.Frame.plotWidth * 2 / 5
        #expect(svg.contains("x2=\"\(String(format: "%.1f", breakEven))\""), "\(svg)")
        #expect(
            svg.contains("stop at break-even") && svg.contains(">Sep 1 10:00</text>") && svg.contains(">12:30</text>"))
        #expect(svg.contains(">−1</text>") && svg.contains(">1.5</text>") || svg.contains(">2</text>"))
        // No times, no picture.
        #expect(TradeChart(rows: [TelemetryRow(id: 1, tradeID: "T")], flags: [nil]).render() == nil)
    }
}
