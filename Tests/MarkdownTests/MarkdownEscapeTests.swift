import Markdown
import Testing

/// The escaping paths one by one: text that needs no change, text that does from its first
/// byte or its last, every line break a cell folds, the cut at `maxLength`, and the end of a
/// fenced block.
@Suite struct MarkdownEscapeTests {
    @Test func cellsFoldEveryLineBreakAndEscapeInOnePass() {
        #expect(MarkdownEscape.cell("a\nb\r\nc\rd\u{0B}e\u{0C}f\u{85}g\u{2028}h\u{2029}i") == "a b c d e f g h i")
        #expect(MarkdownEscape.cell("|x\n*") == "\\|x \\*")
        #expect(MarkdownEscape.cell("<\r\n>") == "&lt; &gt;")
        #expect(MarkdownEscape.cell("no change") == "no change")
        #expect(MarkdownEscape.cell("\u{2027} is not a break") == "\u{2027} is not a break")
        #expect(MarkdownEscape.inline("a\nb") == "a\nb")
    }

    @Test func cutsCountCharactersAndKeepTheEllipsisInsideTheIsolate() {
        #expect(MarkdownEscape.cell("abcdef", maxLength: 6) == "abcdef")
        #expect(MarkdownEscape.cell("abcdefg", maxLength: 6) == "abcdef…")
        #expect(MarkdownEscape.cell("a\r\nb", maxLength: 3) == "a b")
        #expect(MarkdownEscape.cell("éééé", maxLength: 4) == "éééé")
        #expect(MarkdownEscape.inline("*_*_*", maxLength: 2) == "\\*\\_…")
        #expect(MarkdownEscape.inline("שלום עולם", maxLength: 4) == "\u{2068}שלום…\u{2069}")
    }

    @Test(arguments: [
        ("x", "```json\nx\n```\n"), ("x\n", "```json\nx\n```\n"), ("x\r\n", "```json\nx\r\n\n```\n"),
        ("x\r", "```json\nx\r\n```\n"), ("", "```json\n\n```\n"), ("a ```` b", "`````json\na ```` b\n`````\n"),
    ])
    func fencedBlocksEndWithOneNewlineCharacter(code: String, block: String) {
        #expect(MarkdownEscape.fencedBlock(code, language: "json") == block)
    }
}
