import JSONKit
import RunSummaries
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
    /// The row's trade page file name (made once per row by the build).
    let tradeFile: String?
    let previous: Int?
    let next: Int?
    /// Run ids that have a page under runs/.
    let knownRuns: Set<String>

    var path: String { "telemetry/\(row.id)" }

    func model() -> DetailModel {
        let raw = Document(name: "raw_payload", row.rawPayload)
        let fused = Document(name: "fused_event", row.fusedEvent)
        let handler = Document(name: "handler_result", row.handlerResult)
        return DetailModel(
            row: row, tradeFile: tradeFile, previous: previous, next: next,
            runLink: row.runID.flatMap { knownRuns.contains($0) ? $0 : nil },
            documents: [raw, fused, handler], diff: diffRows(raw, fused))
    }

    private func diffRows(_ raw: Document, _ fused: Document) -> DetailModel.Diff {
        guard let old = raw.value else { return ([], 0, "raw_payload is NULL or not valid JSON: nothing to compare.") }
        guard let new = fused.value else {
            return ([], 0, "fused_event is NULL" + (row.isBackfill ? " (backfilled rows are not reconstructed)." : "."))
        }
        let all = JSONDiff.changes(from: old, to: new)
        if all.isEmpty { return ([], 0, "The two documents are identical.") }
        let note =
            all.count > Self.diffLimit
            ? "Showing the first \(Self.diffLimit) of \(Count.of(all.count, "change"))." : nil
        return (Array(all.prefix(Self.diffLimit)), all.count, note)
    }
}

/// One telemetry row's page: its columns, documents and diff.
struct DetailModel: PageModel {
    static let template = "telemetry"

    /// The diff shown: its first changes, how many there were, and a note.
    typealias Diff = (changes: [JSONChange], total: Int, note: String?)

    let row: TelemetryRow
    /// The trade page's file name, made once for both formats.
    let tradeFile: String?
    let previous: Int?
    let next: Int?
    /// The run id when that run has a page.
    let runLink: String?
    let documents: [Document]
    let diff: Diff

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": .string("Telemetry row \(row.id)"), "root": "../", "id": .int(row.id),
            "received": format.cell(row.receivedAt?.text ?? "NULL"),
            "trade": row.tradeID.map { format.cell($0, limit: 200) },
            "trade_file": tradeFile.map(TemplateValue.string),
            "event": format.cell(row.eventType?.rawValue ?? "—"),
            "ms": .string(row.processingTimeMs.map(String.init) ?? "NULL"), "backfill": .bool(row.isBackfill),
            "run_id": row.runID.map { format.cell($0, limit: 80) }, "run_link": runLink.map(TemplateValue.string),
            "validation_error": row.validationError.map { format.cell($0, limit: 4_000) },
            "docs": .list(
                documents.map {
                    .object([
                        "name": .string($0.name), "note": $0.note.map { format.inline($0) },
                        "code": format.code($0.shown, language: "json"),
                    ])
                }),
            "has_diff": .bool(!diff.changes.isEmpty), "diff_count": .int(diff.total),
            "diff_text": .string(Count.of(diff.total, "change")),
            "diff_note": diff.note.map { format.inline($0) },
            "diff": .list(
                // `.fields` straight away: up to 500 changes a page, none with a field left out.
                diff.changes.map {
                    .fields([
                        ("kind", .string($0.kind.rawValue)), ("path", format.cell($0.path, limit: 300)),
                        ("before", format.cell($0.before ?? "", limit: 300)),
                        ("after", format.cell($0.after ?? "", limit: 300)),
                    ])
                }),
            "previous": previous.map(TemplateValue.int), "next": next.map(TemplateValue.int),
        ])
    }
}

/// One JSON column as shown on a page.
struct Document {
    let name: String
    let value: JSONValue?
    let shown: String
    let note: String?

    init(name: String, _ document: JSONDocument?) {
        self.name = name
        guard let document else {
            value = nil
            shown = "NULL"
            note = nil
            return
        }
        var note: String?
        var pretty: String
        if let parsed = document.value {
            value = parsed
            pretty = parsed.pretty()
        } else {
            value = nil
            pretty = document.text
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
