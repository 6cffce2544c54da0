/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object from already-encoded values, keys in the given order; `nil` values become `null`.
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
