internal import CCmarkGFM
import Foundation

/// GitHub-flavoured Markdown to HTML through cmark-gfm; the only Swift code that calls it.
///
/// Safe by default: raw HTML and dangerous URLs (`javascript:`, `vbscript:`, `file:`, most
/// `data:`) are left out, because `CMARK_OPT_UNSAFE` is never passed. The `table`,
/// `strikethrough`, `autolink` and `tagfilter` extensions are attached to every parse.
public enum MarkdownRenderer {
    /// Renders `markdown` to an HTML fragment.
    public static func html(_ markdown: String) -> String {
        registerExtensions
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        var extensions: UnsafeMutablePointer<cmark_llist>?
        for name in ["table", "strikethrough", "autolink", "tagfilter"] {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        extensions = cmark_parser_get_syntax_extensions(parser)
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, extensions) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// cmark-gfm keeps a global registry; registering is idempotent, once per process is enough.
    private static let registerExtensions: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()
}
