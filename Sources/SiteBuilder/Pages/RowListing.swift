import SiteTemplates
import Telemetry

/// One row in a list table (the archive pages and the index's newest rows).
enum RowListing {
    /// The row's line; `tradeFile` is its trade's file name when already known (a page that
    /// shows the row twice names the file once).
    static func context(_ row: TelemetryRow, _ format: PageFormat, tradeFile: String? = nil) -> TemplateValue {
        .object([
            "id": .int(row.id), "received": format.cell(row.receivedAt?.text ?? ""),
            "trade": row.tradeID.map { format.cell($0, limit: 80) },
            "trade_file": (tradeFile ?? row.tradeID.map(FileNames.trade)).map(TemplateValue.string),
            "event": format.cell(row.eventType?.rawValue ?? "", limit: 40),
            "ms": .string(row.processingTimeMs.map(String.init) ?? ""), "backfill": .bool(row.isBackfill),
            "error": row.validationError.map { format.cell($0, limit: 200) },
        ])
    }
}

/// A row with its trade file name (`FileNames.trade` of its trade id), made once per row for
/// the archive page, the search row and the detail page.
typealias NamedRow = (row: TelemetryRow, tradeFile: String?)

/// One archive page: `list/page-<n>` (and `list/index` for the newest).
struct ArchiveModel: PageModel {
    static let template = "list"

    let number: Int
    /// The page's rows, each with its trade file name (made once for both formats).
    let rows: [NamedRow]
    let isNewest: Bool

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": .string("Archive page \(number)"), "root": "../", "page": .int(number),
            "caption": .string("Rows \(rows.first?.row.id ?? 0)–\(rows.last?.row.id ?? 0), oldest first"),
            "rows": .list(rows.map { RowListing.context($0.row, format, tradeFile: $0.tradeFile) }),
            "older": number > 1 ? .string("page-\(number - 1).\(format.fileExtension)") : nil,
            "newer": isNewest ? nil : .string("page-\(number + 1).\(format.fileExtension)"),
        ])
    }
}
