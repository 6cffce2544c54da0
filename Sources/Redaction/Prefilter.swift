/// A cheap first look at a text: redaction parses a document and runs the rules' regular
/// expressions only when the text holds a key fragment, a trigger of a value rule, or a long
/// run of digits (a card number). Text is compared lowercased, without `-`, `_`, `.` and
/// spaces, one pass over its bytes with the candidate fragments looked up by first byte.
struct Prefilter: Sendable {
    private let keyFragments: [[UInt8]]
    private let triggers: [[UInt8]]
    /// Key fragments, then triggers.
    private let fragments: [[UInt8]]
    /// Fragment indices (keys first, then triggers) by their first byte.
    private let byFirstByte: [[Int]]
    /// A value rule with no trigger (a custom pattern): every text must be looked at.
    private let always: Bool
    private let digits: Bool

    init(_ rules: RedactionRules) {
        keyFragments = rules.keys.map { Array($0.fragment.utf8) }.filter { !$0.isEmpty }
        triggers = rules.values.flatMap(\.triggers).map { Array(RedactionRules.normalize($0).utf8) }.filter {
            !$0.isEmpty
        }
        fragments = keyFragments + triggers
        var table = [[Int]](repeating: [], count: 256)
        for (index, fragment) in fragments.enumerated() { table[Int(fragment[0])].append(index) }
        byFirstByte = table
        always = rules.values.contains { $0.triggers.isEmpty && !$0.luhn }
        digits = rules.values.contains(where: \.luhn)
    }

    /// Whether `text` may hold anything a rule masks.
    func mayHoldSecret(_ text: String) -> Bool {
        always || scan(text, keysOnly: false)
    }

    /// Whether `text` may hold a secret-named key.
    func mayHoldKey(_ text: String) -> Bool {
        scan(text, keysOnly: true)
    }

    /// Whether `rule` may match somewhere in `text`.
    func mayMatch(_ rule: RedactionRules.ValueRule, _ text: String) -> Bool {
        if rule.luhn { return scanDigits(text) }
        if rule.triggers.isEmpty { return true }
        let normalized = Self.normalized(text)
        return rule.triggers.contains { trigger in
            let needle = Array(RedactionRules.normalize(trigger).utf8)
            return Self.find(needle, in: normalized)
        }
    }

    private func scan(_ text: String, keysOnly: Bool) -> Bool {
        let bytes = Self.normalized(text)
        var run = 0
        for start in bytes.indices {
            let byte = bytes[start]
            if !keysOnly && digits {
                run = (0x30...0x39).contains(byte) ? run + 1 : 0
                if run >= 13 { return true }
            }
            for index in byFirstByte[Int(byte)] where !keysOnly || index < keyFragments.count {
                let fragment = fragments[index]
                if bytes.count - start >= fragment.count
                    && bytes[start..<start + fragment.count].elementsEqual(fragment)
                {
                    return true
                }
            }
        }
        return false
    }

    private func scanDigits(_ text: String) -> Bool {
        var run = 0
        for byte in Self.normalized(text) {
            run = (0x30...0x39).contains(byte) ? run + 1 : 0
            if run >= 13 { return true }
        }
        return false
    }

    /// ASCII letters lowercased; `-`, `_`, `.` and spaces dropped.
    static func normalized(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x2D, 0x5F, 0x2E, 0x20: continue
            case 0x41...0x5A: out.append(byte | 0x20)
            default: out.append(byte)
            }
        }
        return out
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}
