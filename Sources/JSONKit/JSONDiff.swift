/// One difference between two JSON documents, at a path such as `targets.1R` or `items[2]`.
public struct JSONChange: Equatable, Sendable {
    /// What happened at a path.
    public enum Kind: String, Sendable {
        case added, removed, changed
        case typeChanged = "type-changed"
    }

    /// What happened.
    public var kind: Kind
    /// Where, as `a.b[2]."odd key"`.
    public var path: String
    /// Compact JSON of the value before (nil when added).
    public var before: String?
    /// Compact JSON of the value after (nil when removed).
    public var after: String?
}

/// A structural diff: objects by key, arrays by position, scalars by value.
public enum JSONDiff {
    /// The changes from `old` to `new`, depth first, in key order of `old` then new keys.
    public static func changes(from old: JSONValue, to new: JSONValue) -> [JSONChange] {
        var out: [JSONChange] = []
        walk(old, new, path: "", into: &out)
        return out
    }

    private static func walk(_ old: JSONValue, _ new: JSONValue, path: String, into out: inout [JSONChange]) {
        switch (old, new) {
        case (.object(let a), .object(let b)):
            let newKeys = Dictionary(b.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
            let oldKeys = Set(a.map(\.0))
            for (key, value) in a {
                let child = join(path, key)
                if let other = newKeys[key] {
                    walk(value, other, path: child, into: &out)
                } else {
                    out.append(JSONChange(kind: .removed, path: child, before: value.compact(), after: nil))
                }
            }
            for (key, value) in b where !oldKeys.contains(key) {
                out.append(JSONChange(kind: .added, path: join(path, key), before: nil, after: value.compact()))
            }
        case (.array(let a), .array(let b)):
            for position in 0..<max(a.count, b.count) {
                let child = "\(path)[\(position)]"
                if position >= b.count {
                    out.append(JSONChange(kind: .removed, path: child, before: a[position].compact(), after: nil))
                } else if position >= a.count {
                    out.append(JSONChange(kind: .added, path: child, before: nil, after: b[position].compact()))
                } else {
                    walk(a[position], b[position], path: child, into: &out)
                }
            }
        default:
            guard old != new else { return }
            let kind: JSONChange.Kind = old.typeName == new.typeName ? .changed : .typeChanged
            out.append(
                JSONChange(
                    kind: kind, path: path.isEmpty ? "(root)" : path, before: old.compact(), after: new.compact()))
        }
    }

    /// Letters, digits and `_` (ASCII checked byte by byte, anything else by character).
    private static func isPlainName(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        var ascii = true
        for byte in key.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            if !(letter || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F) { return false }
        }
        return ascii || key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private static func join(_ path: String, _ key: String) -> String {
        let safe = isPlainName(key) ? key : JSONValue.quoted(key)
        return path.isEmpty ? safe : "\(path).\(safe)"
    }
}

extension JSONValue {
    /// One-line JSON.
    public func compact() -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value
        case .string(let value): JSONValue.quoted(value)
        case .array(let items): "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let pairs):
            "{" + pairs.map { JSONValue.quoted($0.0) + ":" + $0.1.compact() }.joined(separator: ",") + "}"
        }
    }
}
