import Markdown
import Telemetry

/// `trades/<file>.html` and `.md`: every row of one trade as a lifecycle timeline, with broken
/// sequences flagged (a second ENTRY, an event after an exit, MFE going down, no ENTRY).
struct TradePage {
    let tradeID: String
    let rows: [TelemetryRow]

    var file: String { FileNames.trade(tradeID) }

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

    func render(_ templates: TemplateSet) -> (html: String, markdown: String) {
        let flags = sequenceFlags()
        let events: [[String: Any]] = zip(rows, flags.perRow).map { row, flag in
            Context.make([
                "id": row.id, "received": row.receivedAt ?? "", "event": Text.clip(row.eventType ?? "(none)", 40),
                "mfe": row.mfe.map { Text.clip($0, 30) }, "backfill": row.isBackfill, "flag": flag,
                "error": row.validationError.map { Text.clip($0, 200) },
            ])
        }
        let html: [String: Any] = [
            "title": "Trade \(Text.clip(tradeID, 80))", "root": "../", "trade": Text.clip(tradeID, 200), "file": file,
            "count": rows.count, "has_flags": !flags.summary.isEmpty, "flags": flags.summary, "events": events,
        ]
        let markdownEvents: [[String: Any]] = zip(rows, flags.perRow).map { row, flag in
            [
                "id": row.id, "received": MarkdownEscape.cell(row.receivedAt ?? ""),
                "event": MarkdownEscape.cell(row.eventType ?? "(none)", maxLength: 40),
                "mfe": MarkdownEscape.cell(row.mfe ?? "", maxLength: 30),
                "source": row.isBackfill ? "backfill" : "live",
                "flag": flag.map { "**\($0)**" } ?? "",
                "error": row.validationError.map { "invalid: " + MarkdownEscape.cell($0, maxLength: 200) } ?? "",
            ]
        }
        let markdown: [String: Any] = [
            "trade": MarkdownEscape.inline(tradeID, maxLength: 200), "has_flags": !flags.summary.isEmpty,
            "flags": flags.summary.map { MarkdownEscape.inline($0) }, "events": markdownEvents,
        ]
        return (templates.render("trade.html", html), templates.render("trade.md", markdown))
    }
}
