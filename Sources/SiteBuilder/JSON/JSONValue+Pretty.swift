import Telemetry

extension JSONValue {
    /// Indented JSON text, numbers exactly as stored.
    public func pretty(indent: String = "  ") -> String {
        var out = ""
        write(to: &out, level: 0, indent: indent)
        return out
    }

    private func write(to out: inout String, level: Int, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += value
        case .string(let value): out += Self.quoted(value)
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            out += "[\n"
            for (position, item) in items.enumerated() {
                out += String(repeating: indent, count: level + 1)
                item.write(to: &out, level: level + 1, indent: indent)
                out += position == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: indent, count: level) + "]"
        case .object(let pairs):
            guard !pairs.isEmpty else { return out += "{}" }
            out += "{\n"
            for (position, pair) in pairs.enumerated() {
                out += String(repeating: indent, count: level + 1) + Self.quoted(pair.0) + ": "
                pair.1.write(to: &out, level: level + 1, indent: indent)
                out += position == pairs.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: indent, count: level) + "}"
        }
    }

    /// A JSON string literal.
    static func quoted(_ value: String) -> String { JSONText.string(value) }
}
