import Foundation
public import JSONKit

/// Masks secrets before anything is published: in JSON documents (keys by name or path, string
/// values by shape, JSON held inside strings too) and in free text (shapes, and `key: value` or
/// `"key": "value"` pairs whose key names a secret). A masked value becomes
/// `[redacted:<rule>:<8 hex>]`, the hex a keyed HMAC of the value: the same secret gets the same
/// marker everywhere, a changed one a different marker, and neither can be reversed.
public struct Redactor: Sendable {
    /// Values masked per rule name.
    public typealias Counts = [String: Int]

    /// The rules applied.
    public let rules: RedactionRules
    let key: RedactionKey
    let prefilter: Prefilter
    /// Word rules' fragments and names (the prefilter holds only contains-rules' fragments).
    let wordRules: [String: String]
    static let markerPattern = try! NSRegularExpression(pattern: #"\[redacted:[^\]]*\]"#)
    static let pairPattern = try! NSRegularExpression(
        pattern:
            #"("?)([A-Za-z](?:[A-Za-z0-9_.-]| (?=[A-Za-z0-9])){1,60})\1[ \t]*[:=][ \t]*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}\]]+)"#
    )

    /// A redactor of `rules`, its markers keyed by `key`.
    public init(rules: RedactionRules, key: RedactionKey) {
        self.rules = rules
        self.key = key
        prefilter = Prefilter(rules)
        wordRules = Dictionary(
            rules.keys.filter(\.word).map { ($0.fragment, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// A JSON document with its secrets masked (compact JSON when anything was), else `text`
    /// unchanged. Text that is not JSON is treated as free text.
    public func redactJSON(_ text: String, counts: inout Counts) -> String {
        guard rules.paths.isEmpty ? prefilter.mayHoldSecret(text) : true else { return text }
        return redactPassed(JSONDocument(text: text), counts: &counts).text
    }

    /// A decoded document with its secrets masked, walked without parsing its text again: the
    /// same document when nothing was masked, else the masked value with compact text. A
    /// document the parser refused is masked as free text.
    public func redact(_ document: JSONDocument, counts: inout Counts) -> JSONDocument {
        guard rules.paths.isEmpty ? prefilter.mayHoldSecret(document.text) : true else { return document }
        return redactPassed(document, counts: &counts)
    }

    /// `redact` for a document that passed the prefilter (or that path rules apply to).
    private func redactPassed(_ document: JSONDocument, counts: inout Counts) -> JSONDocument {
        guard let value = document.value else {
            let masked = redactText(document.text, counts: &counts)
            return masked == document.text ? document : .unparsed(masked)
        }
        var changed = false
        let masked = walk(value, path: [], changed: &changed, counts: &counts)
        return changed ? JSONDocument(value: masked) : document
    }

    /// Free text (a validation error, a PostgreSQL message) with secret shapes and the values of
    /// secret-named `key: value` pairs masked.
    public func redactText(_ text: String, counts: inout Counts) -> String {
        guard prefilter.mayHoldSecret(text) else { return text }
        return redactPassedText(text, counts: &counts)
    }

    /// `redactText` for text that passed the prefilter already.
    private func redactPassedText(_ text: String, counts: inout Counts) -> String {
        let shaped = redactShapes(text, counts: &counts)
        guard prefilter.mayHoldKey(shaped) else { return shaped }
        return maskPairs(in: shaped, counts: &counts)
    }

    /// The values of `key: value`, `key=value` and `"key": "value"` pairs whose key names a
    /// secret, masked. A pair whose key is harmless is searched again from its value (in
    /// `failed: token=abc`, the value of `failed` holds the pair `token=abc`).
    private func maskPairs(in text: String, counts: inout Counts) -> String {
        let source = text as NSString
        // Markers already in the text (a shape masked a moment ago) are never read as pairs:
        // `[redacted:bearer:…]` holds `bearer:…`.
        let markers = Self.markerPattern.matches(in: text, range: NSRange(location: 0, length: source.length))
            .map(\.range)
        var out = ""
        var copied = 0
        var searchFrom = 0
        while searchFrom < source.length,
            let match = Self.pairPattern.firstMatch(
                in: text, range: NSRange(location: searchFrom, length: source.length - searchFrom))
        {
            if let marker = markers.first(where: { NSIntersectionRange($0, match.range).length > 0 }) {
                searchFrom = max(match.range.location + 1, marker.location + marker.length)
                continue
            }
            let keyRange = match.range(at: 2)
            let name = source.substring(with: keyRange)
            // `Api Key: x` names a secret; `auth failed: x` does not (search again from `failed`).
            if let space = name.utf16.firstIndex(of: 0x20), phraseKeyRule(for: name) == nil {
                searchFrom = keyRange.location + name.utf16.distance(from: name.utf16.startIndex, to: space) + 1
                continue
            }
            let valueRange = match.range(at: 3)
            let value = unquoted(source.substring(with: valueRange))
            guard let rule = keyRule(for: name),
                !value.hasPrefix("[redacted:"), !isAllowed(value)
            else {
                searchFrom = valueRange.location > match.range.location ? valueRange.location : match.range.location + 1
                continue
            }
            counts[rule, default: 0] += 1
            out += source.substring(with: NSRange(location: copied, length: valueRange.location - copied))
            out += marker(rule, value)
            copied = valueRange.location + valueRange.length
            searchFrom = copied
        }
        return copied == 0 ? text : out + source.substring(from: copied)
    }

    /// `value` with its secrets masked. Containers are copied only from their first change on:
    /// most documents hold no secret, and rebuilding every object and array of every document
    /// was most of the walk's cost.
    private func walk(_ value: JSONValue, path: [String], changed: inout Bool, counts: inout Counts) -> JSONValue {
        switch value {
        case .object(let pairs):
            var copy: [(String, JSONValue)]?
            for (index, (name, child)) in pairs.enumerated() {
                let childPath = rules.paths.isEmpty ? path : path + [name]
                let rule = keyRule(for: name) ?? pathRule(childPath)
                guard let new = masked(child, rule: rule, path: childPath, counts: &counts) else {
                    copy?.append((name, child))
                    continue
                }
                changed = true
                if copy == nil { copy = Array(pairs[..<index]) }
                copy?.append((name, new))
            }
            return copy.map(JSONValue.object) ?? value
        case .array(let items):
            var copy: [JSONValue]?
            for (index, child) in items.enumerated() {
                let childPath = rules.paths.isEmpty ? path : path + [String(index)]
                guard let new = masked(child, rule: pathRule(childPath), path: childPath, counts: &counts) else {
                    copy?.append(child)
                    continue
                }
                changed = true
                if copy == nil { copy = Array(items[..<index]) }
                copy?.append(new)
            }
            return copy.map(JSONValue.array) ?? value
        case .string(let text):
            let masked = redactString(text, counts: &counts)
            guard masked != text else { return value }
            changed = true
            return .string(masked)
        default:
            return value
        }
    }

    /// A container's member at `path` masked whole by `rule` (the key or path rule that names
    /// it) or walked; nil when nothing in it changed.
    private func masked(_ child: JSONValue, rule: String?, path: [String], counts: inout Counts) -> JSONValue? {
        if let rule, let masked = mask(child, rule) {
            counts[rule, default: 0] += 1
            return masked
        }
        var changed = false
        let walked = walk(child, path: path, changed: &changed, counts: &counts)
        return changed ? walked : nil
    }

    /// A string value: JSON inside it is redacted as JSON, anything else by shape.
    private func redactString(_ text: String, counts: inout Counts) -> String {
        guard prefilter.mayHoldSecret(text) else { return text }
        if let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }),
            first == 0x7B || first == 0x5B,
            let inner = try? JSONParser.parse(text)
        {
            var changed = false
            let masked = walk(inner, path: [], changed: &changed, counts: &counts)
            return changed ? masked.compact() : text
        }
        return redactPassedText(text, counts: &counts)
    }

    /// The marker replacing a key's whole value; nil when the value is allowed to show.
    private func mask(_ value: JSONValue, _ rule: String) -> JSONValue? {
        let text: String
        switch value {
        case .string(let string): text = string
        case .null: return nil
        default: text = value.compact()
        }
        if text.hasPrefix("[redacted:") || isAllowed(text) { return nil }
        return .string(marker(rule, text))
    }

    private func redactShapes(_ text: String, counts: inout Counts) -> String {
        var text = text
        for (index, rule) in rules.values.enumerated() where prefilter.mayMatch(rule: index, rule, text) {
            text = replacing(rule.pattern, group: rule.group, in: text) { match, source in
                let found = source.substring(with: match.range(at: rule.group))
                if rule.luhn && !Self.passesLuhn(found) { return nil }
                if isAllowed(found) { return nil }
                counts[rule.name, default: 0] += 1
                return marker(rule.name, found)
            }
        }
        return text
    }

    /// `text` with capture `group` of each match of `pattern` replaced by what `replacement`
    /// returns (nil: kept).
    private func replacing(
        _ pattern: NSRegularExpression, group: Int, in text: String,
        _ replacement: (NSTextCheckingResult, NSString) -> String?
    ) -> String {
        let source = text as NSString
        let matches = pattern.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }
        var out = ""
        var position = 0
        for match in matches {
            let range = match.range(at: group)
            guard range.location != NSNotFound, let new = replacement(match, source) else { continue }
            out += source.substring(with: NSRange(location: position, length: range.location - position)) + new
            position = range.location + range.length
        }
        if position == 0 && out.isEmpty { return text }
        return out + source.substring(from: position)
    }

    private func keyRule(for name: String) -> String? {
        let normalized = Prefilter.normalized(name)
        if let index = prefilter.keyRuleIndex(in: normalized) { return rules.keys[index].name }
        guard !wordRules.isEmpty, prefilter.mayHoldKey(normalized: normalized) else { return nil }
        return Prefilter.words(name).lazy.compactMap { wordRules[$0] }.first
    }

    /// The rule a key of several words (`Api Key`, `DB Password`) names: one whose fragment
    /// ends the key, or a word rule for its last word. `auth failed` names none.
    private func phraseKeyRule(for name: String) -> String? {
        let normalized = String(decoding: Prefilter.normalized(name), as: UTF8.self)
        if let rule = rules.keys.first(where: { !$0.word && normalized.hasSuffix($0.fragment) }) { return rule.name }
        return Prefilter.words(name).last.flatMap { wordRules[$0] }
    }

    private func pathRule(_ path: [String]) -> String? {
        for rule in rules.paths where rule.count == path.count {
            if zip(rule, path).allSatisfy({ $0 == "*" || $0 == $1 }) { return "path" }
        }
        return nil
    }

    private func isAllowed(_ value: String) -> Bool {
        let range = NSRange(location: 0, length: (value as NSString).length)
        return rules.allow.contains { $0.firstMatch(in: value, range: range)?.range == range }
    }

    private func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }

    func marker(_ rule: String, _ value: String) -> String {
        "[redacted:\(rule):\(key.tag(value))]"
    }

    /// Whether the 13 to 19 digits of `text` (spaces and dashes ignored) pass the Luhn check.
    static func passesLuhn(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let value = position % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }
}
