public import Foundation

/// What redaction masks: JSON keys whose name holds a fragment (their whole value), exact JSON
/// paths, values of known secret shapes anywhere (also inside free text), and an allow-list of
/// values never masked. `defaults` are the built-in rules; a rules file extends or replaces them.
public struct RedactionRules: Sendable {
    /// A key-name rule: keys whose name, lowercased without `-`, `_`, `.` or spaces, contains
    /// `fragment` (or, for a word rule, keys one of whose words is `fragment`) have their value
    /// masked under the rule `name`.
    public struct KeyRule: Sendable, Equatable {
        /// The rule's name in markers and on the audit page.
        public var name: String
        /// The normalised fragment (`apikey` matches `X-Api-Key`, `apiKey`, `API_KEY`).
        public var fragment: String
        /// Whether the fragment must be a whole word of the key (`pass` masks `db_pass` and
        /// `smtpPass` but not `passed` or `bypass`); words are split at `-`, `_`, `.`, spaces,
        /// lower-to-upper case and letter-to-digit changes.
        public var word: Bool

        /// A rule named `name` on the normalised `fragment`, matched inside names or as a `word`.
        public init(name: String, fragment: String, word: Bool = false) {
            self.name = name
            self.fragment = fragment
            self.word = word
        }
    }

    /// A value-shape rule: every match of `pattern` inside a string is masked.
    public struct ValueRule: Sendable {
        /// The rule's name in markers and on the audit page.
        public var name: String
        /// The regular expression source.
        public var source: String
        /// The compiled expression.
        public let pattern: NSRegularExpression
        /// Fragments one of which must occur, exactly as written, in a text before the (slower)
        /// pattern runs there; empty: the pattern always runs.
        public var triggers: [String]
        /// Matches must also pass the Luhn check (card numbers).
        public var luhn: Bool
        /// The capture group masked (0: the whole match; the URL rule masks only the password of
        /// `scheme://user:password@host`, so the host stays readable).
        public var group: Int
        /// When above 0, the pattern runs only on texts holding a run of at least this many
        /// letters, digits, `_` or `-` (shapes with no fixed prefix, such as Discord tokens).
        public var minimumRun: Int
        /// When set, that run must be followed by this ASCII character: a Discord token's first
        /// part is 24 to 26 of them before a `.`, and a trade id of 26 is not followed by one.
        public var runFollowedBy: Unicode.Scalar?

        /// A rule named `name` for the expression `source`.
        /// - Throws: `RedactionRulesError` when `source` is not a valid expression.
        public init(
            name: String, source: String, triggers: [String] = [], luhn: Bool = false, group: Int = 0,
            minimumRun: Int = 0, runFollowedBy: Unicode.Scalar? = nil
        ) throws {
            self.name = name
            self.source = source
            self.triggers = triggers
            self.luhn = luhn
            self.group = group
            self.minimumRun = minimumRun
            self.runFollowedBy = runFollowedBy
            do {
                pattern = try NSRegularExpression(pattern: source, options: [])
            } catch {
                throw RedactionRulesError(.badRegex, "rule \(name): invalid regular expression \(source)")
            }
        }
    }

    /// Rules on key names.
    public var keys: [KeyRule]
    /// Exact JSON paths (`$.a.b`, `$.list[*].c`) whose values are masked under the rule `path`.
    public var paths: [[String]]
    /// Rules on value shapes.
    public var values: [ValueRule]
    /// Values (or matched texts) that stay visible when one of these matches them whole.
    public var allow: [NSRegularExpression]
    /// A digest of everything above: a changed rule set means a full build.
    public var digest: String {
        let parts =
            keys.map { "k:\($0.name)=\($0.fragment):\($0.word)" } + paths.map { "p:" + $0.joined(separator: "\u{1}") }
            + values.map {
                "v:\($0.name)=\($0.source):\($0.luhn):\($0.group):\($0.minimumRun)\($0.runFollowedBy.map { ":\($0)" } ?? "")"
            }
            + allow.map { "a:" + $0.pattern }
        return RedactionKey.digestHex(parts.joined(separator: "\n"))
    }

    /// The built-in rules: `defaultKeyRules` and `defaultValueRules` (in `DefaultRules.swift`).
    public static func defaults() -> RedactionRules {
        RedactionRules(keys: defaultKeyRules, paths: [], values: defaultValueRules, allow: [])
    }

    /// A key name as rules compare it: lowercased, without `-`, `_`, `.` and spaces.
    public static func normalize(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { !"-_. ".unicodeScalars.contains($0) })
    }
}

/// A rules file that cannot be used.
public struct RedactionRulesError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// A rules or key file cannot be read.
        case unreadable
        /// The key file does not hold a 32-byte key.
        case badKey
        /// The rules file is not the object it must be (a field of the wrong type, an unknown field).
        case badShape
        /// A pattern or allow entry is not a regular expression.
        case badRegex
        /// A JSON path rule cannot be read.
        case badPath
    }

    /// What kind of problem.
    public var code: Code
    /// What is wrong, naming the rule or file.
    public var message: String

    /// A problem of kind `code`, said in `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
