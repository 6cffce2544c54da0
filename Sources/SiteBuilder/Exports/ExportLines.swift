import JSONKit
import SiteTemplates
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
    /// (quotes doubled); NULL is an empty unquoted field, an empty string is `""`. A text cell a
    /// spreadsheet would run as a formula (see `isFormulaLike`) is written as `"'…"`, after
    /// OWASP's CSV-injection advice; numbers, and every NDJSON field, keep their exact text.
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
        let formula = isFormulaLike(utf8)
        let special =
            formula || utf8.isEmpty || utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard special else { return out.append(contentsOf: utf8) }
        out.append(0x22)
        if formula { out.append(0x27) }
        quoteDoubler.append(value, into: &out)
        out.append(0x22)
    }

    /// A quoted field's `"` written twice.
    private static let quoteDoubler = ByteEscaper([0x22: "\"\""])

    /// Whether a spreadsheet would read a cell as a formula: it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return, and is not a plain number (`-0.5` and `+3` stay as they are).
    static func isFormulaLike(_ utf8: String.UTF8View) -> Bool {
        guard let first = utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return false }
        return !isNumber(utf8)
    }

    /// A decimal number: a sign, digits, at most one point, an optional exponent; nothing else.
    private static func isNumber(_ utf8: String.UTF8View) -> Bool {
        var digits = 0
        var point = false
        var exponent = false
        var previous: UInt8 = 0
        for (index, byte) in utf8.enumerated() {
            let isSign = byte == 0x2B || byte == 0x2D
            if (0x30...0x39).contains(byte) {
                digits += 1
            } else if isSign && (index == 0 || previous == 0x65 || previous == 0x45) {
                // a leading sign, or the exponent's
            } else if byte == 0x2E && !point && !exponent {
                point = true
            } else if (byte == 0x65 || byte == 0x45) && digits > 0 && !exponent {
                exponent = true
                digits = 0
            } else {
                return false
            }
            previous = byte
        }
        return digits > 0
    }
}
