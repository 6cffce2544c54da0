import JSONKit
import Markdown
import SiteTemplates
import Telemetry

/// `telemetry/<id>.html` and `.md`: every column, the three JSON documents pretty-printed with
/// numbers as stored, and a structural diff raw_payload → fused_event.
struct DetailPage: TwinPage {
    /// Characters of pretty JSON shown per document; the rest is cut with a note.
    static let documentLimit = 64 * 1024
    /// Diff lines shown; the rest is counted in a note.
    static let diffLimit = 500

    let row: TelemetryRow
    let previous: Int?
    let next: Int?
    /// Run ids that have a page under runs/.
    let knownRuns: Set<String>

    var path: String { "telemetry/\(row.id)" }

    func render(_ templates: TemplateSet) -> (html: [UInt8], markdown: [UInt8]) {
        let raw = Document(name: "raw_payload", text: row.rawPayload)
        let fused = Document(name: "fused_event", text: row.fusedEvent)
        let handler = Document(name: "handler_result", text: row.handlerResult)
        let documents = [raw, fused, handler]
        let diff = diffRows(raw, fused)
        let runLink = row.runID.flatMap { knownRuns.contains($0) ? $0 : nil }
        let html = TemplateValue.object([
            "title": .string("Telemetry row \(row.id)"), "root": "../", "id": .int(row.id),
            "received": .string(row.receivedAt ?? "NULL"), "trade": .string(Text.clip(row.tradeID ?? "", 200)),
            "trade_file": row.tradeID.map { .string(FileNames.trade($0)) }, "event": .string(row.eventType ?? "—"),
            "ms": .string(row.processingTimeMs.map(String.init) ?? "NULL"), "backfill": .bool(row.isBackfill),
            "run_id": row.runID.map { .string(Text.clip($0, 80)) }, "run_link": runLink.map(TemplateValue.string),
            "validation_error": row.validationError.map { .string(Text.clip($0, 4_000)) },
            "docs": .list(
                documents.map {
                    .object([
                        "name": .string($0.name), "note": $0.note.map(TemplateValue.string),
                        "escaped": .string(HTMLEscape.text($0.shown)),
                    ])
                }),
            "has_diff": .bool(!diff.changes.isEmpty), "diff_count": .int(diff.total),
            "diff_note": diff.note.map(TemplateValue.string),
            "diff": .list(
                diff.changes.map {
                    .object([
                        "kind": .string($0.kind.rawValue), "path": .string(Text.clip($0.path, 300)),
                        "before": .string(Text.clip($0.before ?? "", 300)),
                        "after": .string(Text.clip($0.after ?? "", 300)),
                    ])
                }),
            "previous": previous.map(TemplateValue.int), "next": next.map(TemplateValue.int),
        ])
        let source =
            row.isBackfill
            ? "backfill" + (row.runID.map { ", run " + MarkdownEscape.cell($0, maxLength: 80) } ?? "") : "live webhook"
        let markdown = TemplateValue.object([
            "id": .int(row.id), "received": .string(MarkdownEscape.cell(row.receivedAt ?? "NULL")),
            "trade": .string(
                row.tradeID.map {
                    "[\(MarkdownEscape.cell($0, maxLength: 200))](../trades/\(FileNames.trade($0)).md)"
                } ?? "—"),
            "event": .string(MarkdownEscape.cell(row.eventType ?? "—")),
            "ms": .string(row.processingTimeMs.map(String.init) ?? "NULL"), "source": .string(source),
            "backfill": .bool(row.isBackfill),
            "validation_error": row.validationError.map { .string(MarkdownEscape.cell($0, maxLength: 4_000)) },
            "docs": .list(
                documents.map {
                    .object([
                        "name": .string($0.name), "note": $0.note.map { .string(MarkdownEscape.inline($0)) },
                        "fenced": .string(MarkdownEscape.fencedBlock($0.shown, language: "json")),
                    ])
                }),
            "has_diff": .bool(!diff.changes.isEmpty), "diff_note": diff.note.map { .string(MarkdownEscape.inline($0)) },
            "diff": .list(
                diff.changes.map {
                    .object([
                        "kind": .string($0.kind.rawValue),
                        "path": .string(MarkdownEscape.cell($0.path, maxLength: 300)),
                        "before": .string(MarkdownEscape.cell($0.before ?? "", maxLength: 300)),
                        "after": .string(MarkdownEscape.cell($0.after ?? "", maxLength: 300)),
                    ])
                }),
            "previous": previous.map(TemplateValue.int), "next": next.map(TemplateValue.int),
        ])
        return (templates.render("telemetry.html", html), templates.render("telemetry.md", markdown))
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
