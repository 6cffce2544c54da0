/// Template contexts. A Mustache section on a key is skipped only when the key is absent or
/// false, so nil values are left out here (a plain optional check: no dynamic casts).
enum Context {
    static func make(_ pairs: KeyValuePairs<String, Any?>) -> [String: Any] {
        var out: [String: Any] = Dictionary(minimumCapacity: pairs.count)
        for (key, value) in pairs {
            if let value { out[key] = value }
        }
        return out
    }
}
