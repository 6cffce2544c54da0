import Foundation
import Markdown
import Testing

@Suite struct MarkdownTests {
    @Test func rendersGFMTables() {
        let html = MarkdownRenderer.html("| a | b |\n|---|---|\n| 1 | x \\| y |\n")
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>x | y</td>"))
    }

    @Test func rawHTMLAndScriptURLsAreLeftOut() {
        let html = MarkdownRenderer.html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
    }

    @Test func detailsTagsAreOmittedButTheirTextStays() {
        let html = MarkdownRenderer.html("<details><summary>Failed</summary>\n\n| id |\n|---|\n| 1 |\n\n</details>\n")
        #expect(html.contains("<table>"))
    }

    @Test(arguments: ["plain", "a ``` b", "````", "`x`"])
    func fencesAreLongerThanAnyBacktickRunInside(code: String) {
        let block = MarkdownEscape.fencedBlock(code, language: "json")
        let html = MarkdownRenderer.html(block + "after\n")
        #expect(html.contains("<p>after</p>"))
        #expect(html.contains("<pre"))
    }

    @Test(arguments: ["a | b", "<b>x</b>", "`tick`", "*star* _under_", "[link](javascript:x)", "line\nbreak", "# head"])
    func escapedCellsRenderAsTheirText(text: String) {
        let html = MarkdownRenderer.html("| v |\n|---|\n| \(MarkdownEscape.cell(text)) |\n")
        let expected = text.replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        #expect(html.contains("<td>\(expected)</td>"), "\(html)")
    }

    /// Data text that could reorder the line is isolated between U+2068 and U+2069, with stray
    /// isolate controls inside dropped; other text is as it was.
    @Test func rightToLeftAndBidiControlsAreIsolated() {
        #expect(MarkdownEscape.cell("EXIT\u{202E}LS") == "\u{2068}EXIT\u{202E}LS\u{2069}")
        #expect(MarkdownEscape.inline("שלום | x") == "\u{2068}שלום \\| x\u{2069}")
        #expect(MarkdownEscape.inline("a\u{2069}b\u{202E}") == "\u{2068}ab\u{202E}\u{2069}")
        #expect(MarkdownEscape.inline("plain é 中文 🚀") == "plain é 中文 🚀")
    }
}
