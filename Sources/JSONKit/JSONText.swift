/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        guard value.utf8.contains(where: needsLook) else { return "\"" + value + "\"" }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        append(string: value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a byte may need escaping: a control character, `"`, `\`, or the lead byte of a
    /// bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
    @inline(__always)
    private static func needsLook(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 || byte == 0xD8
    }

    /// Appends `value` as a JSON string literal to `out`: control characters escaped, and the
    /// bidirectional controls as `\uXXXX` (the same string to any JSON reader; shown on a page,
    /// an escape instead of an invisible character that would reorder the text around it).
    public static func append(string value: String, to out: inout [UInt8]) {
        let utf8 = value.utf8
        out.append(0x22)
        guard utf8.contains(where: needsLook) else {
            out.append(contentsOf: utf8)
            out.append(0x22)
            return
        }
        out.reserveCapacity(out.count + utf8.count + 16)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x80 {
                if let (scalar, length) = bidiControl(utf8, at: index) {
                    out.append(contentsOf: [0x5C, 0x75])
                    for shift in [12, 8, 4, 0] { out.append(hexDigit(UInt8((scalar >> UInt32(shift)) & 0xF))) }
                    index = utf8.index(index, offsetBy: length - 1)
                } else {
                    out.append(byte)
                }
            } else {
                appendEscaped(byte, to: &out)
            }
            index = utf8.index(after: index)
        }
        out.append(0x22)
    }

    /// The bidirectional control whose UTF-8 starts at `index`, and its length in bytes.
    private static func bidiControl(
        _ utf8: String.UTF8View, at index: String.UTF8View.Index
    ) -> (scalar: UInt32, length: Int)? {
        let lead = utf8[index]
        guard lead == 0xE2 || lead == 0xD8 else { return nil }
        let second = utf8.index(after: index)
        guard second != utf8.endIndex else { return nil }
        if lead == 0xD8 { return utf8[second] == 0x9C ? (0x061C, 2) : nil }
        let third = utf8.index(after: second)
        guard third != utf8.endIndex else { return nil }
        let scalar = 0x2000 | (UInt32(utf8[second] & 0x3F) << 6) | UInt32(utf8[third] & 0x3F)
        switch scalar {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return (scalar, 3)
        default: return nil
        }
    }

    /// Appends one ASCII byte, escaped when JSON needs it.
    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x22, 0x5C:
            out.append(0x5C)
            out.append(byte)
        case 0x0A:
            out.append(0x5C)
            out.append(0x6E)
        case 0x0D:
            out.append(0x5C)
            out.append(0x72)
        case 0x09:
            out.append(0x5C)
            out.append(0x74)
        case 0..<0x20:
            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0xF))
        default: out.append(byte)
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// A JSON object from keys and already-encoded values (nil: `null`), in the given order.
    public static func object(_ pairs: [(String, String?)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1 ?? "null")" }.joined(separator: ", ") + "}"
    }

    /// A fixed-point decimal from an integer count of 1/10^scale units: `decimal(1850025, scale: 2)`
    /// is `18500.25`.
    public static func decimal(_ units: Int, scale: Int) -> String {
        var divisor = 1
        for _ in 0..<scale { divisor *= 10 }
        let whole = units.magnitude / UInt(divisor)
        let fraction = String(units.magnitude % UInt(divisor))
        let padded = String(repeating: "0", count: scale - fraction.count) + fraction
        return (units < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
