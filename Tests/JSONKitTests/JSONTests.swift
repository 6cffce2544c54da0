import Testing

@testable import JSONKit

@Suite struct JSONTests {
    @Test func numbersKeepTheirDigitsThroughParseAndPrint() throws {
        let value = try JSONParser.parse(#"{"a": 18500.25, "b": 1.2340, "c": 12345678901234567890.5, "d": [1e-7, -0]}"#)
        #expect(value.compact() == #"{"a":18500.25,"b":1.2340,"c":12345678901234567890.5,"d":[1e-7,-0]}"#)
        #expect(value.pretty().contains("\"b\": 1.2340"))
    }

    @Test func stringsRoundTripEscapes() throws {
        let value = try JSONParser.parse(#"["a\"b", "line\nnext", "\u00e9\ud83d\ude80", "<\/script>"]"#)
        #expect(value == .array([.string("a\"b"), .string("line\nnext"), .string("é🚀"), .string("</script>")]))
    }

    /// A string with no escape is made straight from its bytes; one with an escape after a
    /// plain run keeps the run.
    @Test func plainAndEscapedStringsReadTheSame() throws {
        let object = try JSONParser.parse(#"{"plain": "abc é", "late": "abc\"d\n", "empty": ""}"#)
        #expect(
            object == .object([("plain", .string("abc é")), ("late", .string("abc\"d\n")), ("empty", .string(""))]))
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(#""abc"#) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(#""abc\"#) }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open"])
    func invalidJSONIsAnError(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func diffNamesAddedRemovedChangedAndTypeChangedWithPaths() throws {
        let old = try JSONParser.parse(#"{"a": 1, "b": {"c": "x", "d": [1, 2]}, "gone": true, "t": "1.5"}"#)
        let new = try JSONParser.parse(#"{"a": 2, "b": {"c": "x", "d": [1, 3, 4]}, "t": 1.5, "new key": null}"#)
        let changes = JSONDiff.changes(from: old, to: new)
        #expect(
            changes == [
                JSONChange(kind: .changed, path: "a", before: "1", after: "2"),
                JSONChange(kind: .changed, path: "b.d[1]", before: "2", after: "3"),
                JSONChange(kind: .added, path: "b.d[2]", before: nil, after: "4"),
                JSONChange(kind: .removed, path: "gone", before: "true", after: nil),
                JSONChange(kind: .typeChanged, path: "t", before: "\"1.5\"", after: "1.5"),
                JSONChange(kind: .added, path: "\"new key\"", before: nil, after: "null"),
            ])
        #expect(JSONDiff.changes(from: .array([]), to: .object([])).first?.kind == .typeChanged)
    }

    /// Found by the fuzzer: a high surrogate before another escape overflowed (a crash).
    @Test func aLoneHighSurrogateIsReplacedAndTheNextEscapeKept() throws {
        #expect(try JSONParser.parse(#""\ud83d\u0d0e""#) == .string("\u{FFFD}\u{0D0E}"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(throws: (any Error).self) { try JSONParser.parse(#""\u+123""#) }
    }

    /// Bidirectional controls are written as escapes (invisible characters that reorder a page
    /// become visible text); the string read back is the same; other text is untouched.
    @Test func bidiControlsAreEscapedAndReadBackTheSame() throws {
        let value = "a\u{202E}b\u{2066}c\u{061C}d\u{200F}e שלום é 😀"
        let text = JSONText.string(value)
        #expect(text == #""a\u202eb\u2066c\u061cd\u200fe שלום é 😀""#)
        #expect(try JSONParser.parse(text) == .string(value))
        #expect(JSONValue.object([("k", .string("\u{202D}"))]).pretty().contains(#"\u202d"#))
        #expect(JSONText.string("\u{2010}‐ dash \u{2028}") == "\"\u{2010}‐ dash \u{2028}\"")
    }
}
