import JSONKit
import Telemetry

/// One row as a line of each export format. Every column is there; JSON columns carry the JSON
/// text PostgreSQL stored (as masked for the site), so numbers keep their exact digits in any
/// tool: a JSON string in NDJSON, a field in CSV.
enum ExportLines {
    /// The columns, in table order (the CSV header).
    static let columns = [
        "id", "received_at", "raw_payload", "fused_event", "validation_error", "handler_result",
        "processing_time_ms",
    ]

    /// The CSV header line (RFC 4180: CRLF line ends).
    static let csvHeader = columns.joined(separator: ",") + "\r\n"

    /// `{"id":…,"received_at":…,…}` and a newline; NULL is `null`.
    static func ndjson(_ row: TelemetryRow) -> String {
        func text(_ value: String?) -> String { value.map(JSONText.string) ?? "null" }
        let fields = [
            String(row.id), text(row.receivedAt?.exact), text(row.rawPayload?.text), text(row.fusedEvent?.text),
            text(row.validationError), text(row.handlerResult?.text), row.processingTimeMs.map(String.init) ?? "null",
        ]
        var line = "{"
        for (index, (name, value)) in zip(columns, fields).enumerated() {
            line += (index > 0 ? "," : "") + "\"\(name)\":" + value
        }
        return line + "}\n"
    }

    /// The row as an RFC 4180 record: a field with a comma, quote, CR or LF is quoted (quotes
    /// doubled); NULL is an empty unquoted field, an empty string is `""`.
    static func csv(_ row: TelemetryRow) -> String {
        let fields: [String?] = [
            String(row.id), row.receivedAt?.exact, row.rawPayload?.text, row.fusedEvent?.text,
            row.validationError, row.handlerResult?.text, row.processingTimeMs.map(String.init),
        ]
        return fields.map(field).joined(separator: ",") + "\r\n"
    }

    private static func field(_ value: String?) -> String {
        guard let value else { return "" }
        let special = value.isEmpty || value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        return special ? "\"" + value.replacing("\"", with: "\"\"") + "\"" : value
    }
}
