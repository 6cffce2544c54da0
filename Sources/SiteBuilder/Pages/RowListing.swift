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

/// One archive page: `list/page-<n>` (and `list/index` for the newest).
struct ArchiveModel: PageModel {
    static let template = "list"

    let number: Int
    let rows: [TelemetryRow]
    let isNewest: Bool
    /// The rows' trade file names, made once for both formats.
    let tradeFiles: [String?]

    /// Archive page `number` of `rows`; `tradeFiles` are their trade file names, one per row.
    init(number: Int, rows: [TelemetryRow], tradeFiles: [String?], isNewest: Bool) {
        precondition(tradeFiles.count == rows.count, "one trade file name per row")
        self.number = number
        self.rows = rows
        self.isNewest = isNewest
        self.tradeFiles = tradeFiles
    }

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": .string("Archive page \(number)"), "root": "../", "page": .int(number),
            "caption": .string("Rows \(rows.first?.id ?? 0)–\(rows.last?.id ?? 0), oldest first"),
            "rows": .list(zip(rows, tradeFiles).map { RowListing.context($0, format, tradeFile: $1) }),
            "older": number > 1 ? .string("page-\(number - 1).\(format.fileExtension)") : nil,
            "newer": isNewest ? nil : .string("page-\(number + 1).\(format.fileExtension)"),
        ])
    }
}
