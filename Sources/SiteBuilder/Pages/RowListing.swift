import Markdown
import Telemetry

/// One row in a list table, for the HTML and Markdown templates.
enum RowListing {
    static func html(_ row: TelemetryRow) -> [String: Any] {
        Context.make([
            "id": row.id, "received": row.receivedAt ?? "", "trade": Text.clip(row.tradeID ?? "", 80),
            "trade_file": row.tradeID.map(FileNames.trade), "event": Text.clip(row.eventType ?? "", 40),
            "ms": row.processingTimeMs.map(String.init) ?? "", "backfill": row.isBackfill,
            "error": row.validationError.map { Text.clip($0, 200) },
        ])
    }

    static func markdown(_ row: TelemetryRow) -> [String: Any] {
        [
            "id": row.id, "received": MarkdownEscape.cell(row.receivedAt ?? ""),
            "trade": row.tradeID.map {
                "[\(MarkdownEscape.cell($0, maxLength: 80))](../trades/\(FileNames.trade($0)).md)"
            } ?? "",
            "event": MarkdownEscape.cell(row.eventType ?? "", maxLength: 40),
            "ms": row.processingTimeMs.map(String.init) ?? "", "source": row.isBackfill ? "backfill" : "live",
            "error": MarkdownEscape.cell(row.validationError ?? "", maxLength: 200),
        ]
    }
}

/// Bounding untrusted text for display.
enum Text {
    /// `nil` for an empty string, so a Mustache section on it is skipped.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
