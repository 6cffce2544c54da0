/// A cheap first look at a text: redaction parses a document and runs the rules' regular
/// expressions only when the text holds a key fragment (compared lowercased, without `-`, `_`,
/// `.` and spaces), a trigger of a value rule (compared exactly: `ASIA` of an AWS key id is not
/// the session "Asia"), or a card-like run of digits. One pass over the bytes per kind, with
/// the candidate fragments looked up by first byte.
struct Prefilter: Sendable {
    /// Every key rule's fragment (word rules' too: a cheap superset).
    private let keys: FragmentSet
    /// The fragments of key rules matched anywhere in a name (word rules' left empty).
    private let containedKeys: FragmentSet
    private let triggers: FragmentSet
    /// Each value rule's own triggers, in the order of `RedactionRules.values`.
    private let ruleTriggers: [FragmentSet]
    /// A value rule with no trigger (a custom pattern): every text must be looked at.
    private let always: Bool
    private let digits: Bool
    /// The runs (`minimumRun`, `runFollowedBy`) of the value rules with no trigger.
    private let runs: [TokenRun]

    init(_ rules: RedactionRules) {
        keys = FragmentSet(rules.keys.map { Array($0.fragment.utf8) })
        containedKeys = FragmentSet(rules.keys.map { $0.word ? [] : Array($0.fragment.utf8) })
        triggers = FragmentSet(rules.values.flatMap(\.triggers).map { Array($0.utf8) })
        ruleTriggers = rules.values.map { FragmentSet($0.triggers.map { Array($0.utf8) }) }
        always = rules.values.contains { $0.triggers.isEmpty && !$0.luhn && $0.minimumRun == 0 }
        digits = rules.values.contains(where: \.luhn)
        runs = Array(Set(rules.values.filter { $0.triggers.isEmpty && !$0.luhn }.map(TokenRun.init)))
    }

    /// Whether `text` may hold anything a rule masks.
    func mayHoldSecret(_ text: String) -> Bool {
        always || (digits && Self.hasCardLikeRun(text)) || triggers.occurs(in: Array(text.utf8))
            || Self.hasTokenRun(text, runs) || mayHoldKey(text)
    }

    /// Whether `text` may hold a secret-named key.
    func mayHoldKey(_ text: String) -> Bool {
        mayHoldKey(normalized: Self.normalized(text))
    }

    /// `mayHoldKey` for a text already `normalized`.
    func mayHoldKey(normalized: [UInt8]) -> Bool {
        keys.occurs(in: normalized)
    }

    /// The index of the first key rule (not a word rule) whose fragment occurs in the normalised
    /// key name `name`.
    func keyRuleIndex(in name: [UInt8]) -> Int? {
        containedKeys.firstIndex(in: name)
    }

    /// Whether value rule number `index` (of `RedactionRules.values`) may match in `bytes`
    /// (`text`'s UTF-8).
    func mayMatch(rule index: Int, _ rule: RedactionRules.ValueRule, _ text: String, bytes: [UInt8]) -> Bool {
        if rule.luhn { return Self.hasCardLikeRun(text) }
        if rule.triggers.isEmpty { return rule.minimumRun == 0 || Self.hasTokenRun(text, [TokenRun(rule)]) }
        return ruleTriggers[index].occurs(in: bytes)
    }

    /// 13 or more digits with nothing but spaces and dashes between them (how card numbers are
    /// written; ids such as `20251122_093038912` or timestamps do not qualify).
    static func hasCardLikeRun(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                run += 1
                if run >= 13 { return true }
            case 0x20, 0x2D: continue
            default: run = 0
            }
        }
        return false
    }

    /// A run of ASCII letters, digits, `_` or `-` a value rule with no trigger needs.
    struct TokenRun: Hashable {
        var length: Int
        /// The ASCII byte that must follow the run (nil: anything or the end).
        var then: UInt8?

        init(_ rule: RedactionRules.ValueRule) {
            length = rule.minimumRun
            then = rule.runFollowedBy.flatMap { $0.isASCII ? UInt8($0.value) : nil }
        }
    }

    /// Whether `text` holds one of `runs`, in one pass.
    static func hasTokenRun(_ text: String, _ runs: [TokenRun]) -> Bool {
        guard !runs.isEmpty else { return false }
        let plain = runs.lazy.filter { $0.then == nil }.map(\.length).min() ?? Int.max
        var run = 0
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D:
                run += 1
                if run >= plain { return true }
            default:
                if run > 0, runs.contains(where: { $0.then == byte && run >= $0.length }) { return true }
                run = 0
            }
        }
        return false
    }

    /// The words of a key name, lowercased: split at anything but ASCII letters and digits, where
    /// a lower-case letter is followed by an upper-case one, and between letters and digits
    /// (`smtpPass2` is `smtp`, `pass`, `2`).
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        for byte in name.utf8 {
            let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            let isDigit = (0x30...0x39).contains(byte)
            let wasLetter = (0x41...0x5A).contains(previous) || (0x61...0x7A).contains(previous)
            let wasDigit = (0x30...0x39).contains(previous)
            let boundary =
                !(isLetter || isDigit) || ((0x61...0x7A).contains(previous) && (0x41...0x5A).contains(byte))
                || (isLetter && wasDigit) || (isDigit && wasLetter)
            if boundary, !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            if isLetter || isDigit { current.append(byte | (isLetter ? 0x20 : 0)) }
            previous = byte
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
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
}

/// Byte strings looked for in one pass: at each position only those starting with its byte.
struct FragmentSet: Sendable {
    private let fragments: [[UInt8]]
    private let byFirstByte: [[Int]]

    /// Whether a byte can start a fragment (most bytes of a text cannot: one table look-up).
    private let starts: [Bool]

    /// A set of `fragments` (an empty fragment is never found).
    init(_ fragments: [[UInt8]]) {
        self.fragments = fragments
        var table = [[Int]](repeating: [], count: 256)
        for (index, fragment) in fragments.enumerated() where !fragment.isEmpty {
            table[Int(fragment[0])].append(index)
        }
        byFirstByte = table
        starts = table.map { !$0.isEmpty }
    }

    /// Whether one of the fragments occurs in `bytes`.
    func occurs(in bytes: [UInt8]) -> Bool {
        firstIndex(in: bytes) != nil
    }

    /// The lowest index of a fragment that occurs in `bytes` (at the earliest position).
    func firstIndex(in bytes: [UInt8]) -> Int? {
        let starts = self.starts
        var best: Int?
        for start in bytes.indices where starts[Int(bytes[start])] {
            for index in byFirstByte[Int(bytes[start])] where Self.matches(fragments[index], bytes, at: start) {
                best = min(best ?? index, index)
            }
            if best != nil { return best }
        }
        return nil
    }

    private static func matches(_ fragment: [UInt8], _ bytes: [UInt8], at start: Int) -> Bool {
        guard bytes.count - start >= fragment.count else { return false }
        var offset = 1
        while offset < fragment.count {
            if bytes[start + offset] != fragment[offset] { return false }
            offset += 1
        }
        return true
    }
}
