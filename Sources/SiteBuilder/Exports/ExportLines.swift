import JSONKit
import Telemetry

/// One row as a line of each export format. Every column is there; JSON columns carry the JSON
/// text PostgreSQL stored (as masked for the site), so numbers keep their exact digits in any
/// tool: a JSON string in NDJSON, a field in CSV. Lines are appended as bytes to the day's buffer.
enum ExportLines {
    /// The columns, in table order (the CSV header).
    static let columns = [
        "id", "received_at", "raw_payload", "fused_event", "validation_error", "handler_result",
        "processing_time_ms",
    ]

    /// The CSV header line (RFC 4180: CRLF line ends).
    static let csvHeader = columns.joined(separator: ",") + "\r\n"

    /// The row's text fields in column order (nil is NULL), after the id.
    private static func fields(_ row: TelemetryRow) -> [String?] {
        [
            row.receivedAt?.exact, row.rawPayload?.text, row.fusedEvent?.text, row.validationError,
            row.handlerResult?.text,
        ]
    }

    /// Appends `{"id":…,"received_at":…,…}` and a newline; NULL is `null`.
    static func appendNDJSON(_ row: TelemetryRow, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        out.append(contentsOf: String(row.id).utf8)
        for (name, value) in zip(columns[1...5], fields(row)) {
            out.append(contentsOf: ",\"\(name)\":".utf8)
            if let value { JSONText.append(string: value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        out.append(contentsOf: #","processing_time_ms":"#.utf8)
        out.append(contentsOf: (row.processingTimeMs.map(String.init) ?? "null").utf8)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends the row as an RFC 4180 record: a field with a comma, quote, CR or LF is quoted
    /// (quotes doubled); NULL is an empty unquoted field, an empty string is `""`.
    static func appendCSV(_ row: TelemetryRow, to out: inout [UInt8]) {
        out.append(contentsOf: String(row.id).utf8)
        for value in fields(row) {
            out.append(0x2C)
            appendField(value, to: &out)
        }
        out.append(0x2C)
        if let ms = row.processingTimeMs { out.append(contentsOf: String(ms).utf8) }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    private static func appendField(_ value: String?, to out: inout [UInt8]) {
        guard let value else { return }
        let utf8 = value.utf8
        let special = utf8.isEmpty || utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard special else { return out.append(contentsOf: utf8) }
        out.reserveCapacity(out.count + utf8.count + 8)
        out.append(0x22)
        for byte in utf8 {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
