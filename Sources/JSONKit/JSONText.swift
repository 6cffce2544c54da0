/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        let utf8 = value.utf8
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"" + value + "\"" }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        append(string: value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal (control characters escaped) to `out`.
    public static func append(string value: String, to out: inout [UInt8]) {
        let utf8 = value.utf8
        out.append(0x22)
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out.append(contentsOf: utf8)
            out.append(0x22)
            return
        }
        out.reserveCapacity(out.count + utf8.count + 16)
        for byte in utf8 {
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
        out.append(0x22)
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
