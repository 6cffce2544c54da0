import Markdown
import SiteTemplates
import Telemetry

/// One row in a list table, for the HTML and Markdown templates.
enum RowListing {
    static func html(_ row: TelemetryRow) -> TemplateValue {
        .object([
            "id": .int(row.id), "received": .string(row.receivedAt ?? ""),
            "trade": .string(Text.clip(row.tradeID ?? "", 80)),
            "trade_file": row.tradeID.map { .string(FileNames.trade($0)) },
            "event": .string(Text.clip(row.eventType ?? "", 40)),
            "ms": .string(row.processingTimeMs.map(String.init) ?? ""), "backfill": .bool(row.isBackfill),
            "error": row.validationError.map { .string(Text.clip($0, 200)) },
        ])
    }

    static func markdown(_ row: TelemetryRow) -> TemplateValue {
        .object([
            "id": .int(row.id), "received": .string(MarkdownEscape.cell(row.receivedAt ?? "")),
            "trade": .string(
                row.tradeID.map {
                    "[\(MarkdownEscape.cell($0, maxLength: 80))](../trades/\(FileNames.trade($0)).md)"
                } ?? ""),
            "event": .string(MarkdownEscape.cell(row.eventType ?? "", maxLength: 40)),
            "ms": .string(row.processingTimeMs.map(String.init) ?? ""),
            "source": .string(row.isBackfill ? "backfill" : "live"),
            "error": .string(MarkdownEscape.cell(row.validationError ?? "", maxLength: 200)),
        ])
    }
}

/// Bounding untrusted text for display.
enum Text {
    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit,
            let cut = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), cut < text.endIndex
        else { return text }
        return String(text[..<cut]) + "…"
    }
}
