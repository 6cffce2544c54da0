import SiteTemplates
import Telemetry

/// One row in a list table (the archive pages and the index's newest rows).
enum RowListing {
    static func context(_ row: TelemetryRow, _ format: PageFormat) -> TemplateValue {
        .object([
            "id": .int(row.id), "received": format.cell(row.receivedAt?.text ?? ""),
            "trade": row.tradeID.map { format.cell($0, limit: 80) },
            "trade_file": row.tradeID.map { .string(FileNames.trade($0)) },
            "event": format.cell(row.eventType?.rawValue ?? "", limit: 40),
            "ms": .string(row.processingTimeMs.map(String.init) ?? ""), "backfill": .bool(row.isBackfill),
            "error": row.validationError.map { format.cell($0, limit: 200) },
        ])
    }
}

/// One archive page: `list/page-<n>` (and `list/index` for the newest).
struct ArchiveModel: PageModel {
    static let template = "list"

    let number: Int
    let rows: [TelemetryRow]
    let isNewest: Bool

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": .string("Archive page \(number)"), "root": "../", "page": .int(number),
            "caption": .string("Rows \(rows.first?.id ?? 0)–\(rows.last?.id ?? 0), oldest first"),
            "rows": .list(rows.map { RowListing.context($0, format) }),
            "older": number > 1 ? .string("page-\(number - 1).\(format.fileExtension)") : nil,
            "newer": isNewest ? nil : .string("page-\(number + 1).\(format.fileExtension)"),
        ])
    }
}
