/// Escaping for text from untrusted sources placed into Markdown that reviewers read.
/// Work is done on UTF-8 bytes, so a `|`, backtick or `<` is escaped even when a combining mark
/// follows it (a Markdown parser sees the byte, not the grapheme); lengths are counted in
/// characters.
public enum MarkdownEscape {
    /// Text for a GFM table cell: every character with Markdown meaning backslash-escaped,
    /// `|` escaped so it cannot open a new cell, line breaks folded into spaces, and `<`/`>`
    /// as entities so tags show as text. `maxLength` bounds the cell (in characters).
    public static func cell(_ text: String, maxLength: Int = 500) -> String {
        // Folding never adds bytes, so text of at most `maxLength` bytes is never cut: one pass.
        guard text.utf8.count <= maxLength else { return inline(text.replacingLineBreaks(), maxLength: maxLength) }
        return escaped(text, foldingLineBreaks: true)
    }

    /// Text for a paragraph or heading: Markdown punctuation escaped, tags as entities, and
    /// text that could reorder the line around it (bidirectional controls, right-to-left
    /// letters) isolated between U+2068 and U+2069 (`BidiIsolation`).
    public static func inline(_ text: String, maxLength: Int = 2_000) -> String {
        let (prefix, truncated) = text.prefix(characters: maxLength)
        return truncated
            ? escaped(String(prefix), foldingLineBreaks: false, appending: "…")
            : escaped(text, foldingLineBreaks: false)
    }

    /// `text` escaped (and its line breaks folded into spaces when `fold`), then `suffix`, the
    /// whole isolated when it could reorder the line: one pass over the bytes, and no copy of
    /// text that needs no change.
    private static func escaped(_ text: String, foldingLineBreaks fold: Bool, appending suffix: String = "") -> String {
        var text = text
        let (changed, mayReorder) = text.withUTF8 { source -> ([UInt8]?, Bool) in
            var index = 0
            var mayReorder = false
            while index < source.count {
                let byte = source[index]
                // Every character `BidiIsolation` isolates starts with a byte of 0xD6 or more.
                if byte >= 0xD6 { mayReorder = true }
                if escape(byte) != nil || (fold && lineBreakLength(source, at: index) > 0) { break }
                index += 1
            }
            guard index < source.count else { return (nil, mayReorder) }
            var out = Array(source[..<index])
            out.reserveCapacity(source.count + 16)
            while index < source.count {
                let byte = source[index]
                if byte >= 0xD6 { mayReorder = true }
                let breakLength = fold ? lineBreakLength(source, at: index) : 0
                if breakLength > 0 {
                    out.append(0x20)
                    index += breakLength
                    continue
                }
                if let replacement = escape(byte) {
                    replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                } else {
                    out.append(byte)
                }
                index += 1
            }
            return (out, mayReorder)
        }
        let result: String
        if var changed {
            changed.append(contentsOf: suffix.utf8)
            result = String(decoding: changed, as: UTF8.self)
        } else {
            result = suffix.isEmpty ? text : text + suffix
        }
        return mayReorder ? BidiIsolation.isolated(result) : result
    }

    @inline(__always)
    private static func escape(_ byte: UInt8) -> StaticString? {
        switch byte {
        case 0x3C: return "&lt;"
        case 0x3E: return "&gt;"
        case 0x26: return "&amp;"
        case 0x5C: return "\\\\"
        case 0x60: return "\\`"
        case 0x2A: return "\\*"
        case 0x5F: return "\\_"
        case 0x5B: return "\\["
        case 0x5D: return "\\]"
        case 0x23: return "\\#"
        case 0x21: return "\\!"
        case 0x7C: return "\\|"
        case 0x7E: return "\\~"
        default: return nil
        }
    }

    /// A fenced code block whose fence is longer than any backtick run inside `code`, so the
    /// content can never close it.
    public static func fencedBlock(_ code: String, language: String = "") -> String {
        var code = code
        let longest = code.withUTF8 { bytes in
            var longest = 0
            var run = 0
            for byte in bytes {
                run = byte == 0x60 ? run + 1 : 0
                longest = max(longest, run)
            }
            return longest
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        // Ends with the character `\n` (a `\r\n` before the end is one other character).
        let endsWithNewline = code.utf8.last == 0x0A && code.utf8.dropLast().last != 0x0D
        let newline = endsWithNewline ? "" : "\n"
        var block = ""
        block.reserveCapacity(code.utf8.count + 2 * fence.utf8.count + language.utf8.count + 3)
        for part in [fence, language, "\n", code, newline, fence, "\n"] { block += part }
        return block
    }
}

extension String {
    /// Every line break (`\n`, `\r\n`, `\r`, VT, FF, NEL, LS, PS) as one space.
    func replacingLineBreaks() -> String {
        var copy = self
        return copy.withUTF8 { bytes -> String in
            var out: [UInt8]?
            var index = 0
            while index < bytes.count {
                let length = MarkdownEscape.lineBreakLength(bytes, at: index)
                if length > 0 {
                    if out == nil { out = Array(bytes[..<index]) }
                    out!.append(0x20)
                    index += length
                } else {
                    out?.append(bytes[index])
                    index += 1
                }
            }
            return out.map { String(decoding: $0, as: UTF8.self) } ?? self
        }
    }
}

extension MarkdownEscape {
    /// The length in bytes of the line break (`\n`, `\r\n`, `\r`, VT, FF, NEL, LS, PS) that
    /// starts at `index`, or 0.
    @inline(__always)
    static func lineBreakLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x0D: index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0x0A, 0x0B, 0x0C: 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: 2
        case 0xE2
        where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            3
        default: 0
        }
    }
}
