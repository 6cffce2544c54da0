public import Foundation
import JSONKit

extension RedactionRules {
    /// The rules of a rules file (JSON), on top of the defaults unless it says `"defaults": false`:
    ///
    /// ```json
    /// {
    ///   "defaults": true,
    ///   "keys": ["session_key", "x-hook-id"],
    ///   "paths": ["$.meta.account", "$.legs[*].owner"],
    ///   "patterns": [{"name": "acme-account", "regex": "ACME-[0-9]{6}"}],
    ///   "allow": ["^tok_public_demo$"]
    /// }
    /// ```
    ///
    /// `keys` are fragments of key names (compared lowercased, without `-`, `_`, `.`, spaces);
    /// `paths` are exact paths from the document's root (`[*]` is any array element);
    /// `patterns` are regular expressions (ICU syntax) masked wherever they match a string;
    /// `allow` are regular expressions: a value they match whole is never masked.
    /// - Throws: `RedactionRulesError` naming the file and what is wrong with it.
    public static func load(file: URL?) throws -> RedactionRules {
        guard let file else { return defaults() }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RedactionRulesError(.unreadable, "cannot read the redaction rules \(file.path)")
        }
        guard case .object(let pairs)? = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) else {
            throw RedactionRulesError(.badShape, "\(file.path): the redaction rules must be one JSON object")
        }
        let object = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        let known: Set = ["defaults", "keys", "paths", "patterns", "allow"]
        if let unknown = pairs.map(\.0).first(where: { !known.contains($0) }) {
            throw RedactionRulesError(
                .badShape, "\(file.path): unknown field \"\(unknown)\" (known: \(known.sorted()))")
        }
        var useDefaults = true
        if let flag = object["defaults"] {
            guard case .bool(let value) = flag else {
                throw RedactionRulesError(.badShape, "\(file.path): \"defaults\" must be true or false")
            }
            useDefaults = value
        }
        var rules = useDefaults ? defaults() : RedactionRules(keys: [], paths: [], values: [], allow: [])
        for fragment in try strings(object["keys"], "keys", file) {
            rules.keys.append(KeyRule(name: fragment, fragment: normalize(fragment)))
        }
        for path in try strings(object["paths"], "paths", file) { rules.paths.append(try parsePath(path, file)) }
        for pattern in try patterns(object["patterns"], file) {
            rules.values.append(try ValueRule(name: pattern.name, source: pattern.regex))
        }
        for source in try strings(object["allow"], "allow", file) {
            guard let expression = try? NSRegularExpression(pattern: source) else {
                throw RedactionRulesError(.badRegex, "\(file.path): allow entry \(source) is not a regular expression")
            }
            rules.allow.append(expression)
        }
        return rules
    }

    private static func strings(_ value: JSONValue?, _ field: String, _ file: URL) throws -> [String] {
        guard let value else { return [] }
        guard case .array(let items) = value else {
            throw RedactionRulesError(.badShape, "\(file.path): \"\(field)\" must be a list of strings")
        }
        return try items.map { item in
            guard case .string(let text) = item else {
                throw RedactionRulesError(.badShape, "\(file.path): \"\(field)\" must be a list of strings")
            }
            return text
        }
    }

    /// The `patterns` list: objects with a non-empty `name` and a `regex`.
    private static func patterns(_ value: JSONValue?, _ file: URL) throws -> [(name: String, regex: String)] {
        guard let value else { return [] }
        let problem = RedactionRulesError(.badShape, "\(file.path): each pattern needs a \"name\" and a \"regex\"")
        guard case .array(let items) = value else { throw problem }
        return try items.map { item in
            guard case .object(let pairs) = item,
                case .string(let name)? = pairs.first(where: { $0.0 == "name" })?.1, !name.isEmpty,
                case .string(let regex)? = pairs.first(where: { $0.0 == "regex" })?.1
            else { throw problem }
            return (name, regex)
        }
    }

    /// `$.a.b[*].c` as `["a", "b", "*", "c"]` (array positions are `*` or a number).
    static func parsePath(_ path: String, _ file: URL) throws -> [String] {
        guard path.hasPrefix("$") else {
            throw RedactionRulesError(.badPath, "\(file.path): path \(path) must start with $")
        }
        var parts: [String] = []
        for piece in path.dropFirst().split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(piece)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { parts.append(String(rest[..<bracket])) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    parts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
                    rest = rest[rest.index(after: close)...]
                }
                guard rest.isEmpty else {
                    throw RedactionRulesError(.badPath, "\(file.path): cannot read path \(path)")
                }
            } else {
                parts.append(String(rest))
            }
        }
        guard !parts.isEmpty else { throw RedactionRulesError(.badPath, "\(file.path): path \(path) names nothing") }
        return parts
    }
}
