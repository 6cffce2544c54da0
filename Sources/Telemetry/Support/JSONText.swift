/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        var copy = value
        return copy.withUTF8 { bytes -> String in
            var clean = true
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                clean = false
                break
            }
            if clean { return "\"" + value + "\"" }
            var out: [UInt8] = [0x22]
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
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
    }

    static func object(_ pairs: [(String, String?)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1 ?? "null")" }.joined(separator: ", ") + "}"
    }

    /// A fixed-point decimal from an integer count of 1/10^scale units: `cents(1850025, 2)` is `18500.25`.
    static func decimal(_ units: Int, scale: Int) -> String {
        var divisor = 1
        for _ in 0..<scale { divisor *= 10 }
        let whole = units.magnitude / UInt(divisor)
        let fraction = String(units.magnitude % UInt(divisor))
        let padded = String(repeating: "0", count: scale - fraction.count) + fraction
        return (units < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
