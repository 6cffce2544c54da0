/// Writing JSON text by hand (numbers keep the exact digits given).
public enum JSONText {
    /// A JSON string literal, control characters escaped.
    public static func string(_ value: String) -> String {
        guard value.utf8.contains(where: JSONStringEscape.mayNeedEscape) else { return "\"" + value + "\"" }
        var out: [UInt8] = []
        JSONStringEscape.append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal to `out`: control characters escaped, and the
    /// bidirectional controls as `\uXXXX` (the same string to any JSON reader; shown on a page,
    /// an escape instead of an invisible character that would reorder the text around it).
    public static func append(string value: String, to out: inout [UInt8]) {
        JSONStringEscape.append(value, to: &out)
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
