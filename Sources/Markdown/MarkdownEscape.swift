/// Escaping for text from untrusted sources placed into Markdown that reviewers read.
public enum MarkdownEscape {
    /// Text for a GFM table cell: every character with Markdown meaning backslash-escaped,
    /// `|` escaped so it cannot open a new cell, line breaks folded into spaces, and `<`/`>`
    /// as entities so tags show as text. `maxLength` bounds the cell (in characters).
    public static func cell(_ text: String, maxLength: Int = 500) -> String {
        inline(text.replacingLineBreaks(), maxLength: maxLength)
    }

    /// Text for a paragraph or heading: Markdown punctuation escaped, tags as entities.
    public static func inline(_ text: String, maxLength: Int = 2_000) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var count = 0
        for character in text {
            if count == maxLength {
                out += "…"
                break
            }
            count += 1
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "!", "|", "~":
                out.append("\\")
                out.append(character)
            default:
                out.append(character)
            }
        }
        return out
    }

    /// A fenced code block whose fence is longer than any backtick run inside `code`, so the
    /// content can never close it.
    public static func fencedBlock(_ code: String, language: String = "") -> String {
        var longest = 0
        var run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = code.hasSuffix("\n") ? code : code + "\n"
        return "\(fence)\(language)\n\(body)\(fence)\n"
    }
}

extension String {
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
