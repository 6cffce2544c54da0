public import Foundation

/// What redaction masks: JSON keys whose name holds a fragment (their whole value), exact JSON
/// paths, values of known secret shapes anywhere (also inside free text), and an allow-list of
/// values never masked. `defaults` are the built-in rules; a rules file extends or replaces them.
public struct RedactionRules: Sendable {
    /// A key-name rule: keys whose name, lowercased without `-`, `_`, `.` or spaces, contains
    /// `fragment` have their value masked under the rule `name`.
    public struct KeyRule: Sendable, Equatable {
        /// The rule's name in markers and on the audit page.
        public var name: String
        /// The normalised fragment (`apikey` matches `X-Api-Key`, `apiKey`, `API_KEY`).
        public var fragment: String
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

        /// A rule named `name` for the expression `source`.
        /// - Throws: `RedactionRulesError` when `source` is not a valid expression.
        public init(name: String, source: String, triggers: [String] = [], luhn: Bool = false) throws {
            self.name = name
            self.source = source
            self.triggers = triggers
            self.luhn = luhn
            do {
                pattern = try NSRegularExpression(pattern: source, options: [])
            } catch {
                throw RedactionRulesError(message: "rule \(name): invalid regular expression \(source)")
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
            keys.map { "k:\($0.name)=\($0.fragment)" } + paths.map { "p:" + $0.joined(separator: "\u{1}") }
            + values.map { "v:\($0.name)=\($0.source):\($0.luhn)" } + allow.map { "a:" + $0.pattern }
        return RedactionKey.digestHex(parts.joined(separator: "\n"))
    }

    /// The key fragments masked by default.
    public static let defaultKeyFragments = [
        "password", "passwd", "secret", "token", "api_key", "apikey", "auth", "authorization", "credential",
        "passphrase", "private_key", "bearer", "cookie", "signature",
    ]

    /// The built-in rules.
    public static func defaults() -> RedactionRules {
        let keys = defaultKeyFragments.map { KeyRule(name: $0, fragment: normalize($0)) }
        let values: [ValueRule] = try! [
            ValueRule(
                name: "pem-private-key",
                source: #"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"#,
                triggers: ["-----BEGIN"]),
            ValueRule(
                name: "jwt", source: #"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"#,
                triggers: ["eyJ"]),
            ValueRule(
                name: "bearer", source: #"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}"#,
                triggers: ["Bearer", "bearer", "BEARER"]),
            ValueRule(
                name: "aws-access-key-id", source: #"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"#,
                triggers: ["AKIA", "ASIA", "AGPA", "AIDA", "AROA"]),
            ValueRule(
                name: "github-token", source: #"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"#,
                triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
            ValueRule(name: "slack-token", source: #"\bxox[abposr]-[A-Za-z0-9-]{10,}"#, triggers: ["xox"]),
            ValueRule(
                name: "slack-webhook", source: #"https://hooks\.slack\.com/services/[A-Za-z0-9/]{20,}"#,
                triggers: ["hooks.slack.com"]),
            ValueRule(
                name: "stripe-key", source: #"\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"#,
                triggers: ["_live_", "_test_"]),
            ValueRule(
                name: "card-number",
                source: #"(?<![0-9])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))[0-9](?:[ -]?[0-9]){10,17}(?![0-9])"#,
                luhn: true),
        ]
        return RedactionRules(keys: keys, paths: [], values: values, allow: [])
    }

    /// A key name as rules compare it: lowercased, without `-`, `_`, `.` and spaces.
    public static func normalize(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { !"-_. ".unicodeScalars.contains($0) })
    }
}

/// A rules file that cannot be used.
public struct RedactionRulesError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the rule or file.
    public var message: String
    public var description: String { message }
}
