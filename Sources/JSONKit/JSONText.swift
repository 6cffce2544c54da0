/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        let utf8 = value.utf8
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"" + value + "\"" }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

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
