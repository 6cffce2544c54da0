/// Escaping for text from untrusted sources placed into Markdown that reviewers read.
/// Work is done on UTF-8 bytes, so a `|`, backtick or `<` is escaped even when a combining mark
/// follows it (a Markdown parser sees the byte, not the grapheme); lengths are counted in
/// characters.
public enum MarkdownEscape {
    /// Text for a GFM table cell: every character with Markdown meaning backslash-escaped,
    /// `|` escaped so it cannot open a new cell, line breaks folded into spaces, and `<`/`>`
    /// as entities so tags show as text. `maxLength` bounds the cell (in characters).
    public static func cell(_ text: String, maxLength: Int = 500) -> String {
        inline(text.replacingLineBreaks(), maxLength: maxLength)
    }

    /// Text for a paragraph or heading: Markdown punctuation escaped, tags as entities, and
    /// text that could reorder the line around it (bidirectional controls, right-to-left
    /// letters) isolated between U+2068 and U+2069 (`BidiIsolation`).
    public static func inline(_ text: String, maxLength: Int = 2_000) -> String {
        let (prefix, truncated) = text.prefix(characters: maxLength)
        var text = truncated ? String(prefix) : text
        var out: [UInt8] = []
        let needsEscape = text.withUTF8 { bytes in
            for byte in bytes where escape(byte) != nil { return true }
            return false
        }
        if !needsEscape && !truncated { return BidiIsolation.isolated(text) }
        text.withUTF8 { bytes in
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                if let replacement = escape(byte) {
                    replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                } else {
                    out.append(byte)
                }
            }
        }
        if truncated { out.append(contentsOf: "…".utf8) }
        return BidiIsolation.isolated(String(decoding: out, as: UTF8.self))
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
        var longest = 0
        var run = 0
        for byte in code.utf8 {
            run = byte == 0x60 ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = code.hasSuffix("\n") ? code : code + "\n"
        return "\(fence)\(language)\n\(body)\(fence)\n"
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
                let byte = bytes[index]
                var length = 0
                switch byte {
                case 0x0D: length = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                case 0x0A, 0x0B, 0x0C: length = 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: length = 2
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    length = 3
                default: break
                }
                if length > 0 {
                    if out == nil { out = Array(bytes[..<index]) }
                    out!.append(0x20)
                    index += length
                } else {
                    out?.append(byte)
                    index += 1
                }
            }
            return out.map { String(decoding: $0, as: UTF8.self) } ?? self
        }
    }
}
