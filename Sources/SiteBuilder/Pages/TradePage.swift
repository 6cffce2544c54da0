import Markdown
import SiteTemplates
import Telemetry

/// `trades/<file>.html` and `.md`: every row of one trade as a lifecycle timeline, with broken
/// sequences flagged (a second ENTRY, an event after an exit, MFE going down, no ENTRY).
struct TradePage: TwinPage {
    let tradeID: String
    let rows: [TelemetryRow]

    var file: String { FileNames.trade(tradeID) }
    var path: String { "trades/\(file)" }

    /// Per-row flags and the page's list of problems.
    func sequenceFlags() -> (perRow: [String?], summary: [String]) {
        var perRow: [String?] = []
        var summary: [String] = []
        var sawEntry = false
        var exited = false
        var lastMFE: Double?
        for row in rows {
            let event = (row.eventType ?? "").uppercased()
            var flag: String?
            if event == "ENTRY" {
                if sawEntry { flag = "second ENTRY" }
                sawEntry = true
            } else if exited {
                flag = "event after exit"
            }
            if let mfe = row.mfe.flatMap(Double.init) {
                if let last = lastMFE, mfe < last, flag == nil { flag = "MFE went down" }
                lastMFE = mfe
            }
            if event.hasPrefix("EXIT") { exited = true }
            perRow.append(flag)
            if let flag { summary.append("\(flag) at row \(row.id)") }
        }
        if !sawEntry { summary.insert("no ENTRY", at: 0) }
        return (perRow, summary)
    }

    func render(_ templates: TemplateSet) -> (html: [UInt8], markdown: [UInt8]) {
        let flags = sequenceFlags()
        let events: [TemplateValue] = zip(rows, flags.perRow).map { row, flag in
            .object([
                "id": .int(row.id), "received": .string(row.receivedAt ?? ""),
                "event": .string(Text.clip(row.eventType ?? "(none)", 40)),
                "mfe": row.mfe.map { .string(Text.clip($0, 30)) }, "backfill": .bool(row.isBackfill),
                "flag": flag.map(TemplateValue.string),
                "error": row.validationError.map { .string(Text.clip($0, 200)) },
            ])
        }
        let html = TemplateValue.object([
            "title": .string("Trade \(Text.clip(tradeID, 80))"), "root": "../",
            "trade": .string(Text.clip(tradeID, 200)),
            "file": .string(file), "count": .int(rows.count), "has_flags": .bool(!flags.summary.isEmpty),
            "flags": .list(flags.summary.map(TemplateValue.string)), "events": .list(events),
        ])
        let markdownEvents: [TemplateValue] = zip(rows, flags.perRow).map { row, flag in
            .object([
                "id": .int(row.id), "received": .string(MarkdownEscape.cell(row.receivedAt ?? "")),
                "event": .string(MarkdownEscape.cell(row.eventType ?? "(none)", maxLength: 40)),
                "mfe": .string(MarkdownEscape.cell(row.mfe ?? "", maxLength: 30)),
                "source": .string(row.isBackfill ? "backfill" : "live"),
                "flag": .string(flag.map { "**\($0)**" } ?? ""),
                "error": .string(
                    row.validationError.map { "invalid: " + MarkdownEscape.cell($0, maxLength: 200) } ?? ""),
            ])
        }
        let markdown = TemplateValue.object([
            "trade": .string(MarkdownEscape.inline(tradeID, maxLength: 200)),
            "has_flags": .bool(!flags.summary.isEmpty),
            "flags": .list(flags.summary.map { .string(MarkdownEscape.inline($0)) }), "events": .list(markdownEvents),
        ])
        return (templates.render("trade.html", html), templates.render("trade.md", markdown))
    }
}
