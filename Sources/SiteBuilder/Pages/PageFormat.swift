import Markdown
import SiteTemplates

/// The two formats every page is written in. A page builds its template context once, through
/// its format, which prepares untrusted text the way that format needs: the HTML templates
/// escape with `{{ }}` themselves, so text is only clipped; the Markdown templates insert with
/// `{{{ }}}`, so text is escaped here for the place it takes (a table cell or a paragraph).
/// Both contexts have the same keys; each template uses those it shows.
enum PageFormat: Sendable {
    case html, markdown

    /// The templates' and files' extension.
    var fileExtension: String {
        switch self {
        case .html: "html"
        case .markdown: "md"
        }
    }

    /// Text for a table cell, clipped to `limit` characters (Markdown: 500 when nil).
    func cell(_ text: String, limit: Int? = nil) -> TemplateValue {
        switch self {
        case .html: .string(limit.map { Text.clip(text, $0) } ?? text)
        case .markdown: .string(MarkdownEscape.cell(text, maxLength: limit ?? 500))
        }
    }

    /// Text for a heading or a paragraph, clipped to `limit` characters (Markdown: 2,000 when
    /// nil).
    func inline(_ text: String, limit: Int? = nil) -> TemplateValue {
        switch self {
        case .html: .string(limit.map { Text.clip(text, $0) } ?? text)
        case .markdown: .string(MarkdownEscape.inline(text, maxLength: limit ?? 2_000))
        }
    }

    /// A block of code shown whole: escaped for a `<pre>` in HTML, fenced in Markdown.
    func code(_ text: String, language: String) -> TemplateValue {
        switch self {
        case .html: .string(HTMLEscape.text(text))
        case .markdown: .string(MarkdownEscape.fencedBlock(text, language: language))
        }
    }
}

/// Bounding untrusted text for display.
enum Text {
    /// `text` cut to `limit` characters with an ellipsis, when it is longer.
    static func clip(_ text: String, _ limit: Int) -> String {
        let (prefix, cut) = text.prefix(characters: limit)
        return cut ? prefix + "…" : text
    }

    /// `text` isolated where a `<bdi>` cannot go (`<title>`, SVG titles, attributes): see
    /// `BidiIsolation.isolated`.
    static func isolated(_ text: String) -> String {
        BidiIsolation.isolated(text)
    }
}
