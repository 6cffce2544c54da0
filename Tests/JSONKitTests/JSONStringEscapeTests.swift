import Testing

@testable import JSONKit

/// `JSONText.append(string:to:)` writes into the output's storage in place, after counting the
/// escaped length. These tests hold it to a plain reference written per Unicode scalar, on
/// strings made of every piece that takes a different path (escapes at the start and end,
/// bidirectional controls, their lookalikes with the same lead byte, text after a long run).
@Suite struct JSONStringEscapeTests {
    /// The escaping the writer promises, one Unicode scalar at a time.
    static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static let pieces: [String] = [
        "a", "plain text ", "\"", "\\", "\n", "\r\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀",
        "\u{061C}", "\u{061B}", "\u{0620}", "\u{200E}", "\u{200F}", "\u{2010}", "\u{2028}", "\u{202A}",
        "\u{202E}", "\u{202F}", "\u{2066}", "\u{2069}", "\u{206A}", "\u{2100}", "שלום",
        String(repeating: "x", count: 300),
    ]

    @Test func everyPieceAloneAndInPairsMatchesTheReference() throws {
        for first in Self.pieces {
            try expectMatch(first)
            for second in Self.pieces { try expectMatch(first + second) }
        }
    }

    @Test func generatedStringsMatchTheReferenceAndReadBack() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += Self.pieces[Int(state >> 33) % Self.pieces.count]
            }
            try expectMatch(text)
        }
    }

    @Test func appendingKeepsWhatIsAlreadyThere() {
        var out = Array("[1,".utf8)
        JSONText.append(string: "a\"b", to: &out)
        JSONText.append(string: "", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"[1,"a\"b""""#)
    }

    private func expectMatch(_ text: String) throws {
        var out: [UInt8] = [0x20]
        JSONText.append(string: text, to: &out)
        let written = String(decoding: out.dropFirst(), as: UTF8.self)
        #expect(written == Self.reference(text), "\(text.debugDescription)")
        #expect(JSONText.string(text) == written)
        #expect(try JSONParser.parse(written) == .string(text))
    }
}
