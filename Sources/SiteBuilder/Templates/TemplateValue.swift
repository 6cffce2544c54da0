/// A value a template renders: the typed counterpart of the `[String: Any]` trees swift-mustache
/// walks. Mustache rules: a missing key, `false` and an empty list skip a section; any other
/// value (an empty string too) is pushed on the context stack and the section renders once,
/// or once per item for a list.
public indirect enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case fields([String: TemplateValue])

    /// An object from key/value pairs; `nil` values are left out, so a section on them is skipped.
    public static func object(_ pairs: KeyValuePairs<String, TemplateValue?>) -> TemplateValue {
        var out: [String: TemplateValue] = Dictionary(minimumCapacity: pairs.count)
        for (key, value) in pairs {
            if let value { out[key] = value }
        }
        return .fields(out)
    }

    /// The child named `name`, when this is an object that has one.
    @inline(__always)
    func child(_ name: String) -> TemplateValue? {
        if case .fields(let fields) = self { return fields[name] }
        return nil
    }

    /// The same tree as Foundation values, for the swift-mustache renderer.
    public var anyValue: Any {
        switch self {
        case .string(let text): return text
        case .int(let number): return number
        case .bool(let flag): return flag
        case .list(let items): return items.map(\.anyValue)
        case .fields(let fields): return fields.mapValues(\.anyValue)
        }
    }

    /// Sets `key` on an object (no effect on other values).
    public subscript(key: String) -> TemplateValue? {
        get { child(key) }
        set {
            guard case .fields(var fields) = self else { return }
            self = .string("")  // drop the reference so the dictionary is mutated in place
            fields[key] = newValue
            self = .fields(fields)
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
