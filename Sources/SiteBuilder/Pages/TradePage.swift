import RunSummaries
import SiteTemplates
import Telemetry

/// `trades/<file>.html` and `.md`: every row of one trade as a lifecycle timeline, with broken
/// sequences flagged (a second ENTRY, an event after an exit, MFE going down, no ENTRY).
struct TradePage: TwinPage {
    let tradeID: String
    let rows: [TelemetryRow]
    /// The page's file name (made once: its path, both contexts and the trade's search entry
    /// use it, and each making hashes the id).
    let file: String

    init(tradeID: String, rows: [TelemetryRow]) {
        self.tradeID = tradeID
        self.rows = rows
        file = FileNames.trade(tradeID)
    }

    var path: String { "trades/\(file)" }

    /// Per-row flags and the page's list of problems.
    func sequenceFlags() -> (perRow: [TradeFlag?], summary: [String]) {
        let (perRow, sawEntry) = TradeFlag.flags(of: rows)
        var summary = zip(rows, perRow).compactMap { row, flag in flag.map { "\($0) at row \(row.id)" } }
        if !sawEntry { summary.insert("no ENTRY", at: 0) }
        return (perRow, summary)
    }

    func model() -> TradeModel {
        TradeModel(page: self, flags: sequenceFlags())
    }
}

/// One trade's page: its rows in order, each with its sequence flag.
struct TradeModel: PageModel {
    static let template = "trade"

    let page: TradePage
    let flags: (perRow: [TradeFlag?], summary: [String])

    func context(_ format: PageFormat) -> TemplateValue {
        let events: [TemplateValue] = zip(page.rows, flags.perRow).map { row, flag in
            .object([
                "id": .int(row.id), "received": format.cell(row.receivedAt?.text ?? ""),
                "event": format.cell(row.eventType?.rawValue ?? "(none)", limit: 40),
                "mfe": row.mfe.map { format.cell($0, limit: 30) }, "backfill": .bool(row.isBackfill),
                "flag": flag.map { .string($0.description) },
                "error": row.validationError.map { format.cell($0, limit: 200) },
            ])
        }
        return .object([
            "title": .string("Trade \(Text.isolated(Text.clip(page.tradeID, 80)))"), "root": "../",
            "trade": format.inline(page.tradeID, limit: 200), "file": .string(page.file),
            "count": .int(page.rows.count), "count_text": .string(Count.of(page.rows.count, "row")),
            "has_flags": .bool(!flags.summary.isEmpty),
            "flags": .list(flags.summary.map { format.inline($0) }), "events": .list(events),
            "chart": format == .html
                ? TradeChart(rows: page.rows, flags: flags.perRow).render().map { .string($0) } : nil,
            "charts_js": .bool(format == .html),
        ])
    }
}
