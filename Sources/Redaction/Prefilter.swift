/// A cheap first look at a text: redaction parses a document and runs the rules' regular
/// expressions only when the text holds a key fragment (compared lowercased, without `-`, `_`,
/// `.` and spaces), a trigger of a value rule (compared exactly: `ASIA` of an AWS key id is not
/// the session "Asia"), a card-like run of digits or a rule's run of token characters. One pass
/// over the bytes looks for all of them (two automata, two run counters): it is made for every
/// document of every row.
struct Prefilter: Sendable {
    /// Every key rule's fragment (word rules' too: a cheap superset), fed the bytes a
    /// normalised text keeps.
    private let keys: FragmentAutomaton
    /// Every value rule's triggers.
    private let triggers: FragmentAutomaton
    /// The fragments of key rules matched anywhere in a name (word rules' left empty).
    private let containedKeys: FragmentSet
    /// Each value rule's own triggers, in the order of `RedactionRules.values`.
    private let ruleTriggers: [FragmentAutomaton]
    /// A value rule with no trigger (a custom pattern): every text must be looked at.
    private let always: Bool
    private let digits: Bool
    /// The runs of the value rules with no trigger.
    private let runs: RunWatch

    init(_ rules: RedactionRules) {
        keys = FragmentAutomaton(rules.keys.map { Array($0.fragment.utf8) })
        containedKeys = FragmentSet(rules.keys.map { $0.word ? [] : Array($0.fragment.utf8) })
        triggers = FragmentAutomaton(rules.values.flatMap(\.triggers).map { Array($0.utf8) })
        ruleTriggers = rules.values.map { FragmentAutomaton($0.triggers.map { Array($0.utf8) }) }
        always = rules.values.contains { $0.triggers.isEmpty && !$0.luhn && $0.minimumRun == 0 }
        digits = rules.values.contains(where: \.luhn)
        runs = RunWatch(rules.values.filter { $0.triggers.isEmpty && !$0.luhn }.map(TokenRun.init))
    }

    /// Whether `text` may hold anything a rule masks: what `triggers`, `hasCardLikeRun`,
    /// `hasTokenRun` and `mayHoldKey` would say together, in one pass.
    func mayHoldSecret(_ text: String) -> Bool {
        if always { return true }
        var (trigger, key) = (FragmentAutomaton.start, FragmentAutomaton.start)
        var cardRun = 0
        var runs = self.runs
        for byte in text.utf8 {
            trigger = triggers.step(trigger, byte)
            if triggers.isMatch(trigger) { return true }
            if let kept = Self.normalized(byte) {
                key = keys.step(key, kept)
                if keys.isMatch(key) { return true }
            }
            switch byte {
            case 0x30...0x39:
                cardRun += 1
                if digits && cardRun >= 13 { return true }
            case 0x20, 0x2D: break
            default: cardRun = 0
            }
            if runs.completes(with: byte) { return true }
        }
        return false
    }

    /// Whether `text` may hold a secret-named key.
    func mayHoldKey(_ text: String) -> Bool {
        keys.occurs(in: text.utf8.lazy.compactMap(Self.normalized))
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

    /// Whether value rule number `index` (of `RedactionRules.values`) may match in `text`.
    func mayMatch(rule index: Int, _ rule: RedactionRules.ValueRule, _ text: String) -> Bool {
        if rule.luhn { return Self.hasCardLikeRun(text) }
        if rule.triggers.isEmpty { return rule.minimumRun == 0 || Self.hasTokenRun(text, [TokenRun(rule)]) }
        return ruleTriggers[index].occurs(in: text.utf8)
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
        var watch = RunWatch(runs)
        return text.utf8.contains { watch.completes(with: $0) }
    }

    /// Runs of token characters counted byte by byte against some `TokenRun`s.
    struct RunWatch: Sendable {
        /// The shortest run that needs nothing after it.
        private let plain: Int
        /// The runs that need a byte after them.
        private let ended: [TokenRun]
        private var run = 0

        init(_ runs: [TokenRun]) {
            plain = runs.lazy.filter { $0.then == nil }.map(\.length).min() ?? Int.max
            ended = runs.filter { $0.then != nil }
        }

        /// Whether the text so far, ending with `byte`, holds one of the runs.
        @inline(__always)
        mutating func completes(with byte: UInt8) -> Bool {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D:
                run += 1
                return run >= plain
            default:
                defer { run = 0 }
                return run > 0 && ended.contains { $0.then == byte && run >= $0.length }
            }
        }
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
            if let kept = normalized(byte) { out.append(kept) }
        }
        return out
    }

    /// A byte as `normalized(_:)` keeps it (nil: dropped).
    @inline(__always)
    static func normalized(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x2D, 0x5F, 0x2E, 0x20: return nil
        case 0x41...0x5A: return byte | 0x20
        default: return byte
        }
    }
}

/// Byte strings looked for in one pass, telling which one occurs (`FragmentAutomaton` only tells
/// whether one does): at each position only those starting with its byte.
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
