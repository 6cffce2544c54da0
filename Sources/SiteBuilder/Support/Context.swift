/// Template contexts. A Mustache section on a key is skipped only when the key is absent or
/// false, so optional values that are nil are dropped here.
enum Context {
    static func make(_ values: [String: Any]) -> [String: Any] {
        values.filter { !(($0.value as? OptionalValue)?.isNone ?? false) }
    }
}

protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    var isNone: Bool { self == nil }
}
