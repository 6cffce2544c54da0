import FoundationEssentials
import Markdown
import SiteBuilder
import SiteTemplates

/// HTML and Markdown escaping of untrusted text: no element, attribute or table-cell break-out,
/// and the HTML escape loses nothing.
enum EscapeCheck {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        html(text)
        markdownCell(text)
    }

    static func html(_ text: String) {
        let escaped = HTMLEscape.text(text)
        for forbidden in ["<", ">", "\"", "'"] {
            require(!escaped.contains(forbidden), "HTML escape left \(forbidden) in \(text.debugDescription)")
        }
        require(unescape(escaped) == Array(text.utf8), "HTML escape lost data of \(text.debugDescription)")
    }

    /// The five entities back to their bytes, byte by byte (a `String` search would compare
    /// grapheme clusters, and `;` followed by a combining mark is one).
    static func unescape(_ escaped: String) -> [UInt8] {
        let entities: [([UInt8], UInt8)] = [
            (Array("&lt;".utf8), 0x3C), (Array("&gt;".utf8), 0x3E), (Array("&#34;".utf8), 0x22),
            (Array("&#39;".utf8), 0x27), (Array("&amp;".utf8), 0x26),
        ]
        let bytes = Array(escaped.utf8)
        var out: [UInt8] = []
        var index = 0
        next: while index < bytes.count {
            if bytes[index] == 0x26 {
                for (entity, byte) in entities where bytes[index...].starts(with: entity) {
                    out.append(byte)
                    index += entity.count
                    continue next
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    /// A cell between two fixed cells of a GFM table: one body row with three cells, whatever
    /// the text, and no element but the table's own, inline code and emphasis, and links that
    /// cmark-gfm's autolink extension makes of URLs (safe mode drops unsafe schemes).
    static func markdownCell(_ text: String) {
        let cell = MarkdownEscape.cell(text, maxLength: 1000)
        let table = "| a | b | c |\n|---|---|---|\n| x | \(cell) | y |\n"
        let html = MarkdownRenderer.html(table)
        require(html.components(separatedBy: "<tr>").count - 1 == 2, "table rows changed for \(text.debugDescription)")
        require(html.components(separatedBy: "<td").count - 1 == 3, "table cells changed for \(text.debugDescription)")
        require(html.contains("<td>x</td>") && html.contains("<td>y</td>"), "neighbour cells changed: \(html)")
        let allowed: Set<String> = [
            "table", "thead", "tbody", "tr", "th", "td", "code", "em", "strong", "del", "a", "br",
        ]
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let tail = rest[rest.index(after: open)...]
            let name = String(tail.drop { $0 == "/" }.prefix { $0.isLetter })
            require(allowed.contains(name), "element <\(name)> from cell text \(text.debugDescription): \(html)")
            rest = tail
        }
    }
}
