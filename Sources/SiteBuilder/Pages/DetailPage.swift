import Markdown
import Telemetry

/// `telemetry/<id>.html` and `.md`: every column, the three JSON documents pretty-printed with
/// numbers as stored, and a structural diff raw_payload → fused_event.
struct DetailPage {
    /// Characters of pretty JSON shown per document; the rest is cut with a note.
    static let documentLimit = 64 * 1024
    /// Diff lines shown; the rest is counted in a note.
    static let diffLimit = 500

    let row: TelemetryRow
    let previous: Int?
    let next: Int?
    /// Run ids that have a page under runs/.
    let knownRuns: Set<String>

    func render(_ templates: TemplateSet) -> (html: String, markdown: String) {
        let raw = Document(name: "raw_payload", text: row.rawPayload)
        let fused = Document(name: "fused_event", text: row.fusedEvent)
        let handler = Document(name: "handler_result", text: row.handlerResult)
        let documents = [raw, fused, handler]
        let diff = diffRows(raw, fused)
        let runLink = row.runID.flatMap { knownRuns.contains($0) ? $0 : nil }
        var html: [String: Any] = Context.make([
            "title": "Telemetry row \(row.id)", "root": "../", "id": row.id, "received": row.receivedAt ?? "NULL",
            "trade": Text.clip(row.tradeID ?? "", 200), "trade_file": row.tradeID.map(FileNames.trade),
            "event": row.eventType ?? "—", "ms": row.processingTimeMs.map(String.init) ?? "NULL",
            "backfill": row.isBackfill, "run_id": row.runID.map { Text.clip($0, 80) },
            "run_link": runLink,
            "validation_error": row.validationError.map { Text.clip($0, 4_000) },
            "docs": documents.map {
                Context.make(["name": $0.name, "note": $0.note, "escaped": HTMLEscape.text($0.shown)])
            },
            "has_diff": !diff.changes.isEmpty, "diff_count": diff.total, "diff_note": diff.note,
            "diff": diff.changes.map {
                [
                    "kind": $0.kind.rawValue, "path": Text.clip($0.path, 300),
                    "before": Text.clip($0.before ?? "", 300), "after": Text.clip($0.after ?? "", 300),
                ]
            },
        ])
        if let previous { html["previous"] = previous }
        if let next { html["next"] = next }
        let source =
            row.isBackfill
            ? "backfill" + (row.runID.map { ", run " + MarkdownEscape.cell($0, maxLength: 80) } ?? "") : "live webhook"
        let markdown: [String: Any] = Context.make([
            "id": row.id, "received": MarkdownEscape.cell(row.receivedAt ?? "NULL"),
            "trade": row.tradeID.map {
                "[\(MarkdownEscape.cell($0, maxLength: 200))](../trades/\(FileNames.trade($0)).md)"
            } ?? "—",
            "event": MarkdownEscape.cell(row.eventType ?? "—"), "ms": row.processingTimeMs.map(String.init) ?? "NULL",
            "source": source, "backfill": row.isBackfill,
            "validation_error": row.validationError.map { MarkdownEscape.cell($0, maxLength: 4_000) },
            "docs": documents.map {
                Context.make([
                    "name": $0.name, "note": $0.note.map { MarkdownEscape.inline($0) },
                    "fenced": MarkdownEscape.fencedBlock($0.shown, language: "json"),
                ])
            },
            "has_diff": !diff.changes.isEmpty, "diff_note": diff.note.map { MarkdownEscape.inline($0) },
            "diff": diff.changes.map {
                [
                    "kind": $0.kind.rawValue, "path": MarkdownEscape.cell($0.path, maxLength: 300),
                    "before": MarkdownEscape.cell($0.before ?? "", maxLength: 300),
                    "after": MarkdownEscape.cell($0.after ?? "", maxLength: 300),
                ]
            },
        ])
        var markdownContext = markdown
        if let previous { markdownContext["previous"] = previous }
        if let next { markdownContext["next"] = next }
        return (templates.render("telemetry.html", html), templates.render("telemetry.md", markdownContext))
    }

    private func diffRows(_ raw: Document, _ fused: Document) -> (changes: [JSONChange], total: Int, note: String?) {
        guard let old = raw.value else { return ([], 0, "raw_payload is NULL or not valid JSON: nothing to compare.") }
        guard let new = fused.value else {
            return ([], 0, "fused_event is NULL" + (row.isBackfill ? " (backfilled rows are not reconstructed)." : "."))
        }
        let all = JSONDiff.changes(from: old, to: new)
        if all.isEmpty { return ([], 0, "The two documents are identical.") }
        let note = all.count > Self.diffLimit ? "Showing the first \(Self.diffLimit) of \(all.count) changes." : nil
        return (Array(all.prefix(Self.diffLimit)), all.count, note)
    }
}

/// One JSON column as shown on a page.
struct Document {
    let name: String
    let value: JSONValue?
    let shown: String
    let note: String?

    init(name: String, text: String?) {
        self.name = name
        guard let text else {
            value = nil
            shown = "NULL"
            note = nil
            return
        }
        var note: String?
        var pretty: String
        if let parsed = try? JSONParser.parse(text) {
            value = parsed
            pretty = parsed.pretty()
        } else {
            value = nil
            pretty = text
            note = "Shown as stored: nested too deeply to pretty-print."
        }
        if pretty.utf8.count > DetailPage.documentLimit {
            let total = pretty.utf8.count
            pretty = String(decoding: pretty.utf8.prefix(DetailPage.documentLimit), as: UTF8.self) + "\n…"
            note = "Large document: showing the first \(DetailPage.documentLimit / 1024) KiB of \(total / 1024) KiB."
        }
        self.shown = pretty
        self.note = note
    }
}
