import Foundation
import TestSupport
import Testing

@testable import Redaction

@Suite struct RedactorTests {
    static let redactor = Redactor(rules: .defaults(), key: RedactionKey(bytes: Array(repeating: 7, count: 32)))

    static func redact(_ document: String, _ redactor: Redactor = redactor) -> (String, Redactor.Counts) {
        var counts = Redactor.Counts()
        let out = redactor.redactJSON(document, counts: &counts)
        return (out, counts)
    }

    @Test(arguments: SecretCorpus.entries.map { [$0.0, $0.1, $0.2] })
    func everySecretOfTheCorpusIsMasked(entry: [String]) throws {
        let (what, secret, document) = (entry[0], entry[1], entry[2])
        let (out, counts) = Self.redact(document)
        #expect(!out.contains(secret), "\(what) leaked: \(out)")
        #expect(out.contains("[redacted:"), "\(what) has no marker: \(out)")
        #expect(counts.values.reduce(0, +) >= 1)
        // Still JSON, and the marker names a rule.
        #expect(try JSONSerialization.jsonObject(with: Data(out.utf8)) is [String: Any])
        #expect(out.range(of: #"\[redacted:[a-z_-]+:[0-9a-f]{8}\]"#, options: .regularExpression) != nil)
    }

    @Test(arguments: SecretCorpus.visible.map { [$0.0, $0.1] })
    func tradingFieldsAndLookAlikesStayVisible(entry: [String]) {
        let (out, counts) = Self.redact(entry[1])
        #expect(out == entry[1], "\(entry[0]) was changed: \(out)")
        #expect(counts.isEmpty)
    }

    @Test func theSameSecretGetsTheSameMarkerAndAnotherSecretOrKeyAnother() {
        let a = Self.redact(#"{"token": "alpha-secret"}"#).0
        let again = Self.redact(#"{"x": 1, "token": "alpha-secret"}"#).0
        let b = Self.redact(#"{"token": "beta-secret"}"#).0
        let otherKey = Redactor(rules: .defaults(), key: RedactionKey(bytes: Array(repeating: 8, count: 32)))
        let c = Self.redact(#"{"token": "alpha-secret"}"#, otherKey).0
        func marker(_ text: String) -> String? {
            text.range(of: #"\[redacted:[^\]]*\]"#, options: .regularExpression).map { String(text[$0]) }
        }
        #expect(marker(a) != nil)
        #expect(marker(a) == marker(again))
        #expect(marker(a) != marker(b))
        #expect(marker(a) != marker(c))
    }

    @Test func freeTextPairsAndShapesAreMasked() {
        var counts = Redactor.Counts()
        let text = Self.redactor.redactText(
            #"auth failed: passphrase=hunter2 for {"api_key": "k-123456"}; card 4111-1111-1111-1111; session=London"#,
            counts: &counts)
        #expect(!text.contains("hunter2") && !text.contains("k-123456") && !text.contains("4111-1111-1111-1111"))
        #expect(text.contains("session=London"))
        #expect(counts["passphrase"] == 1 && counts["api_key"] == 1 && counts["card-number"] == 1)
    }

    /// Found on the demo site: a masked `Bearer …` was read again as the pair `bearer:…` and
    /// masked inside its own marker.
    @Test func aMarkerIsNeverMaskedAgain() {
        var counts = Redactor.Counts()
        let text = Self.redactor.redactText("upstream said Bearer 0123456789abcdef, token=abc123", counts: &counts)
        #expect(text.matches(of: /\[redacted:/).count == 2, "\(text)")
        #expect(text.contains(" token=[redacted:token:"))
        #expect(!text.contains("[redacted:bearer:[") && !text.contains("0123456789abcdef") && !text.contains("abc123"))
        #expect(counts == ["bearer": 1, "token": 1])
        let (document, documentCounts) = Self.redact(#"{"upstream": "Bearer 0123456789abcdef"}"#)
        #expect(document.matches(of: /\[redacted:bearer:[0-9a-f]{8}\]"/).count == 1, "\(document)")
        #expect(documentCounts == ["bearer": 1])
    }

    @Test func documentsWithoutSecretsComeBackUntouchedWithTheirDigits() {
        let document = #"{"trade_id": "T-9", "entry": 18500.2500, "targets": [1.10, 2.20], "note": null}"#
        #expect(Self.redact(document).0 == document)
        #expect(Self.redact("not json at all").0 == "not json at all")
    }

    /// A document is walked only when the prefilter finds something a rule may mask. A trade id
    /// of 26 token characters is not the start of a Discord token (24 to 26 of them, then `.`),
    /// so the common webhook is passed on untouched without a walk; a token, or the same run
    /// before a `.`, is still looked at.
    @Test func theDiscordRunNeedsItsDotBeforeADocumentIsWalked() {
        let prefilter = Self.redactor.prefilter
        let webhook = #"{"trade_id":"20251122_093038912_BULLISH","event_type":"ENTRY","session":"Asia"}"#
        #expect(!prefilter.mayHoldSecret(webhook))
        #expect(prefilter.mayHoldSecret(#"{"trade_id":"20251122_093038912_BULLISH.x"}"#))
        #expect(!prefilter.mayHoldSecret(#"{"trade_id":"25112_093038912_BULLISH.x"}"#), "23 before the dot")
        let token = "MmrcXgGCJbW56eCuNGMGmSrC.GIZEG8.pSH4487q7J58m1CiAhzCueQpBen"
        #expect(prefilter.mayHoldSecret(#"{"note":"\#(token)"}"#))
        #expect(Self.redact(#"{"note":"\#(token)"}"#).0.contains("[redacted:discord-token:"))
        #expect(prefilter.mayHoldSecret(String(repeating: "a", count: 34)), "twilio's run needs no dot")
    }

    @Test func aRulesFileAddsKeysPathsPatternsAndAllowsFalsePositives() throws {
        let folder = temporaryFolder("rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("rules.json")
        try Data(
            #"""
            {"keys": ["account_no"], "paths": ["$.legs[*].owner"], "patterns": [{"name": "acme-id", "regex": "ACME-[0-9]{6}"}],
             "allow": ["^public-demo-token$"]}
            """#.utf8
        ).write(to: file)
        let rules = try RedactionRules.load(file: file)
        let redactor = Redactor(rules: rules, key: RedactionKey(bytes: Array(repeating: 1, count: 32)))
        let (out, counts) = Self.redact(
            #"{"account_no": "AC-1", "legs": [{"owner": "ann"}, {"owner": "bob"}], "ref": "see ACME-123456", "token": "public-demo-token", "secret": "s-1"}"#,
            redactor)
        for hidden in ["AC-1", "ann", "bob", "ACME-123456", "s-1"] {
            #expect(!out.contains("\"\(hidden)") && !out.contains(" \(hidden)"))
        }
        #expect(out.contains("public-demo-token"), "the allow-list keeps a false positive visible")
        #expect(counts["path"] == 2 && counts["acme-id"] == 1 && counts["account_no"] == 1 && counts["secret"] == 1)
        #expect(rules.digest != RedactionRules.defaults().digest)

        try Data(#"{"defaults": false, "keys": ["only_this"]}"#.utf8).write(to: file)
        let only = Redactor(
            rules: try RedactionRules.load(file: file), key: RedactionKey(bytes: [UInt8](repeating: 1, count: 32)))
        #expect(Self.redact(#"{"token": "kept"}"#, only).0.contains("kept"))

        let bad: [(String, RedactionRulesError.Code)] = [
            (#"{"keys": "x"}"#, .badShape), (#"{"patterns": [{"name": "p", "regex": "("}]}"#, .badRegex),
            (#"{"paths": ["a.b"]}"#, .badPath), (#"{"unknown": 1}"#, .badShape), ("[1]", .badShape),
        ]
        for (text, code) in bad {
            try Data(text.utf8).write(to: file)
            let error = #expect(throws: RedactionRulesError.self) { try RedactionRules.load(file: file) }
            #expect(error?.code == code, "\(text): \(String(describing: error))")
        }
    }

    @Test func theKeyIsCreatedPrivateOnceAndKept() throws {
        let folder = temporaryFolder("key")
        let first = try RedactionKey.load(stateDirectory: folder)
        let path = folder.appendingPathComponent("redaction.key").path
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try RedactionKey.load(stateDirectory: folder)
        #expect(first.tag("x") == second.tag("x"))
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RedactionRulesError.self) { try RedactionKey.load(stateDirectory: folder) }
        #expect(error?.code == .badKey)
    }

    @Test func luhn() {
        #expect(Redactor.passesLuhn("4111 1111 1111 1111"))
        #expect(!Redactor.passesLuhn("4111 1111 1111 1112"))
        #expect(!Redactor.passesLuhn("4111"))
    }
}

/// The prefilter's automaton against a plain substring search, on texts over a small alphabet
/// (so fragments overlap, nest and share suffixes), and its one pass against the checks it fuses.
@Suite struct FragmentAutomatonTests {
    /// A deterministic generator (SplitMix64), so that a failure comes back.
    struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func contains(_ text: [UInt8], _ fragment: [UInt8]) -> Bool {
        guard !fragment.isEmpty, fragment.count <= text.count else { return false }
        return (0...(text.count - fragment.count)).contains { Array(text[$0..<($0 + fragment.count)]) == fragment }
    }

    @Test func findsWhatASubstringSearchFinds() {
        var numbers = Numbers(state: 42)
        let alphabet = Array("abcA-_ .".utf8)
        func word(_ length: Int) -> [UInt8] { (0..<length).map { _ in alphabet[numbers.next(alphabet.count)] } }
        var hits = 0
        for _ in 0..<300 {
            let fragments = (0..<(1 + numbers.next(6))).map { _ in word(numbers.next(5)) }
            let automaton = FragmentAutomaton(fragments)
            for _ in 0..<20 {
                let text = word(numbers.next(30))
                let expected = fragments.contains { Self.contains(text, $0) }
                #expect(automaton.occurs(in: text) == expected, "\(fragments) in \(text)")
                hits += expected ? 1 : 0
            }
        }
        #expect(hits > 500 && hits < 5_500, "both answers are exercised")
    }

    @Test func theOnePassSaysWhatTheSeparateChecksSay() {
        let prefilter = RedactorTests.redactor.prefilter
        let rules = RedactorTests.redactor.rules
        var numbers = Numbers(state: 7)
        let pieces = [
            "AKIA", "ASIA", "Asia", "pass", "Pass_Word", "to-ken", "4111 1111 1111 1111", "2025-11-22", "abc",
            "MmrcXgGCJbW56eCuNGMGmSr", "C.", ".", " ", "-", "_", "ü", "12345678901", "eyJ", "://", "\"", "x",
        ]
        for _ in 0..<3_000 {
            let text = (0..<numbers.next(12)).map { _ in pieces[numbers.next(pieces.count)] }.joined()
            let bytes = Array(text.utf8)
            let triggers = rules.values.flatMap(\.triggers).contains { Self.contains(bytes, Array($0.utf8)) }
            let normalized = Prefilter.normalized(text)
            let keys = rules.keys.contains { Self.contains(normalized, Array($0.fragment.utf8)) }
            let runs = rules.values.contains {
                $0.triggers.isEmpty && !$0.luhn && Prefilter.hasTokenRun(text, [.init($0)])
            }
            let expected = triggers || keys || Prefilter.hasCardLikeRun(text) || runs
            #expect(prefilter.mayHoldSecret(text) == expected, "\(text)")
            #expect(prefilter.mayHoldKey(text) == keys, "\(text)")
        }
    }
}
