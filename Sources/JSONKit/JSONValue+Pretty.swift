extension JSONValue {
    /// Indented JSON text, numbers exactly as stored.
    public func pretty(indent: String = "  ") -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, level: 0, indent: Array(indent.utf8))
        return String(decoding: out, as: UTF8.self)
    }

    private static func newline(_ out: inout [UInt8], level: Int, indent: [UInt8]) {
        out.append(0x0A)
        for _ in 0..<level { out.append(contentsOf: indent) }
    }

    private func write(to out: inout [UInt8], level: Int, indent: [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): out.append(contentsOf: value.utf8)
        case .string(let value): JSONText.append(string: value, to: &out)
        case .array(let items):
            guard !items.isEmpty else { return out.append(contentsOf: "[]".utf8) }
            out.append(0x5B)
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(0x2C) }
                Self.newline(&out, level: level + 1, indent: indent)
                item.write(to: &out, level: level + 1, indent: indent)
            }
            Self.newline(&out, level: level, indent: indent)
            out.append(0x5D)
        case .object(let pairs):
            guard !pairs.isEmpty else { return out.append(contentsOf: "{}".utf8) }
            out.append(0x7B)
            for (position, pair) in pairs.enumerated() {
                if position > 0 { out.append(0x2C) }
                Self.newline(&out, level: level + 1, indent: indent)
                JSONText.append(string: pair.0, to: &out)
                out.append(contentsOf: ": ".utf8)
                pair.1.write(to: &out, level: level + 1, indent: indent)
            }
            Self.newline(&out, level: level, indent: indent)
            out.append(0x7D)
        }
    }

    static func quoted(_ value: String) -> String { JSONText.string(value) }
}
