import JSONKit
import SiteBuilder

/// The digit-preserving JSON parser: never a crash, and what it accepts pretty-prints to text
/// it parses back to the same value (numbers digit for digit), and pretty-printing is stable.
enum JSONCheck {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = try? JSONParser.parse(text) else { return }
        let pretty = value.pretty()
        guard let again = try? JSONParser.parse(pretty) else {
            return require(false, "pretty output does not parse: \(pretty.debugDescription)")
        }
        require(again == value, "round trip changed the value of \(text.debugDescription)")
        require(again.pretty() == pretty, "pretty printing is not stable for \(text.debugDescription)")
        if case .number(let digits) = value {
            require(text.contains(digits), "number digits changed: \(digits) from \(text.debugDescription)")
        }
    }
}
