/// A value a template renders: the typed counterpart of the `[String: Any]` trees swift-mustache
/// walks. Mustache rules: a missing key, `false` and an empty list skip a section; any other
/// value (an empty string too) is pushed on the context stack and the section renders once,
/// or once per item for a list.
public enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    /// An object's fields in order; a later field of the same name wins. Objects have a handful
    /// of fields, so a scan is cheaper than building and probing a hash table for each one.
    case fields([(name: String, value: TemplateValue)])

    /// An object from key/value pairs; `nil` values are left out, so a section on them is skipped.
    public static func object(_ pairs: KeyValuePairs<String, TemplateValue?>) -> TemplateValue {
        var out: [(name: String, value: TemplateValue)] = []
        out.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if let value { out.append((key, value)) }
        }
        return .fields(out)
    }

    /// The child named `name`, when this is an object that has one.
    @inline(__always)
    func child(_ name: String) -> TemplateValue? {
        guard case .fields(let fields) = self else { return nil }
        // Most names scanned are not the one looked for: comparing byte counts first (kept in a
        // string's header) skips the call `==` makes for two different strings; half the time
        // of a lookup in a measurement of the detail page's fields. The count check makes the
        // match byte-wise where `==` is canonical equivalence. Every key is an ASCII literal of
        // ours, and only a name holding U+037E, U+1FEF or U+212A (the characters that normalise
        // to ASCII) is equivalent to one with a different length: such a tag no longer matches.
        let count = name.utf8.count
        var index = fields.count
        while index > 0 {
            index -= 1
            let field = fields[index].name
            if field.utf8.count == count && field == name { return fields[index].value }
        }
        return nil
    }

    /// The same tree as Foundation values, for the swift-mustache renderer.
    public var anyValue: Any {
        switch self {
        case .string(let text): return text
        case .int(let number): return number
        case .bool(let flag): return flag
        case .list(let items): return items.map(\.anyValue)
        case .fields(let fields):
            return Dictionary(fields.map { ($0.name, $0.value.anyValue) }, uniquingKeysWith: { $1 })
        }
    }

    /// Sets `key` on an object (no effect on other values).
    public subscript(key: String) -> TemplateValue? {
        get { child(key) }
        set {
            guard case .fields(var fields) = self else { return }
            self = .string("")  // drop the reference so the array is mutated in place
            fields.removeAll { $0.name == key }
            if let newValue { fields.append((key, newValue)) }
            self = .fields(fields)
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
