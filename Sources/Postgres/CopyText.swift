/// Escaping for PostgreSQL's `COPY … FROM STDIN` text format.
public enum CopyText {
    /// The field text for a value: backslash, tab, newline and carriage return escaped,
    /// `\N` for NULL.
    public static func field(_ value: String?) -> String {
        guard let value else { return "\\N" }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One COPY line from field values, newline-terminated.
    public static func line(_ values: [String?]) -> String {
        values.map(field).joined(separator: "\t") + "\n"
    }
}
