import SiteTemplates
import Testing

/// The byte escaper counts each value's escaped length, then writes in place. These tests hold
/// `{{ }}` to swift-mustache's own escaping, and `HTMLEscape.text` to a plain per-scalar
/// reference, on values made of every piece that takes a different path.
@Suite struct EscapeTests {
    static let pieces: [String] = [
        "a", "plain text ", "&", "<", ">", "\"", "'", "\"\u{301}", "&amp;", "é", "😀", "שלום", "\n",
        String(repeating: "x", count: 300), "<script>alert('x')</script>",
    ]

    /// Values made of 0 to 15 of `pieces`, from a fixed seed.
    static func values(_ count: Int, of pieces: [String] = pieces) -> [String] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (0..<Int(state >> 60)).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return pieces[Int(state >> 33) % pieces.count]
            }.joined()
        }
    }

    @Test func escapedValuesMatchSwiftMustache() throws {
        let set = try RendererTests.templates(["v": "[{{value}}]({{{value}}})"])
        #expect(set.isCompiled)
        // swift-mustache escapes per character and so leaves a quote followed by a combining
        // mark as it is (`RendererTests.quotesFollowedByCombiningMarksAreStillEscaped`).
        for value in Self.values(500, of: Self.pieces.filter { $0 != "\"\u{301}" }) {
            let context = TemplateValue.object(["value": .string(value)])
            let compiled = String(decoding: set.render("v", context), as: UTF8.self)
            #expect(compiled == set.renderWithMustache("v", context), "\(value.debugDescription)")
        }
    }

    @Test func htmlTextMatchesAPerScalarReference() {
        for value in Self.values(2_000) + Self.pieces {
            var reference = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "&": reference += "&amp;"
                case "<": reference += "&lt;"
                case ">": reference += "&gt;"
                case "\"": reference += "&#34;"
                case "'": reference += "&#39;"
                default: reference.unicodeScalars.append(scalar)
                }
            }
            #expect(HTMLEscape.text(value) == reference, "\(value.debugDescription)")
        }
    }
}
