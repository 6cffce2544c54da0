import Foundation
import SiteTemplates
import TestSupport
import Testing

/// The compiled renderer against swift-mustache, the reference: the same bytes for the site's
/// own pages and for template snippets that exercise Mustache's whitespace rules.
@Suite struct RendererTests {
    /// The repository's `Templates/` folder.
    static let siteTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")

    /// A template set of the real templates plus `snippets` (name → source) in an override folder.
    static func templates(_ snippets: [String: String]) throws -> TemplateSet {
        let folder = temporaryFolder("tpl")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, source) in snippets {
            try source.write(
                to: folder.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        }
        return try TemplateSet(defaults: Self.siteTemplates, overrides: folder)
    }

    static let context: TemplateValue = .object([
        "title": "A <b>\"quoted\"</b> & 'single' title", "count": .int(3), "yes": true, "no": false, "empty": "",
        "items": .list([
            .object(["name": "one", "tags": .list(["a", "b"])]), .object(["name": "two<", "note": "n"]),
            .object(["name": "three", "title": "shadowed"]),
        ]),
        "none": .list([]), "person": .object(["name": "Ada", "address": .object(["city": "London & Co"])]),
        "words": .list(["x", "y", "z"]),
    ])

    static let snippets: [String: String] = [
        "plain": "Hello {{title}} / {{{title}}} / {{& title}} / {{count}} {{yes}} {{missing}}!\n",
        "sections":
            "{{#items}}[{{name}}{{#note}} ({{note}}){{/note}} {{title}}]{{/items}}\n{{^none}}no items{{/none}}\n",
        "standalone": "begin\n  {{#yes}}\n  inside\n  {{/yes}}\n{{^no}}\n\tshown\n{{/no}}\n  {{! a comment }}\nend\n",
        "inline": "a {{#yes}}b{{/yes}} c {{^yes}}d{{/yes}} e\n  {{#no}}x{{/no}}  \n",
        "dotted":
            "{{person.name}} of {{person.address.city}}; {{#person}}{{name}} {{address.city}} {{.name}}{{/person}}\n",
        "dot": "{{#words}}<{{.}}>{{/words}} {{#items}}{{#tags}}{{.}}{{/tags}}{{/items}}\n",
        "empty": "[{{#empty}}empty is pushed: '{{.}}'{{/empty}}] [{{^empty}}never{{/empty}}]\n",
        "outer": "start\n  {{> part}}\nmiddle {{> part}} end\n{{#items}}\n    {{> part}}\n{{/items}}\n",
        "part": "line1 {{title}}\nline2\n{{#yes}}\nsection line\n{{/yes}}\n",
        "crlf": "a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\n  c  \r\n",
        "trailing": "no newline at end {{count}}   ",
    ]

    @Test(arguments: snippets.keys.sorted())
    func snippetMatchesSwiftMustache(name: String) throws {
        let set = try Self.templates(Self.snippets)
        #expect(set.isCompiled)
        let compiled = String(decoding: set.render(name, Self.context), as: UTF8.self)
        let reference = set.renderWithMustache(name, Self.context)
        #expect(compiled == reference)
        #expect(!compiled.isEmpty)
    }

    @Test func quotesFollowedByCombiningMarksAreStillEscaped() throws {
        let set = try Self.templates(["attr": "<a title=\"{{value}}\">x</a>"])
        let value = "\"\u{301} onmouseover=alert(1) x=\"\u{301}<\u{301}script>"
        let page = String(decoding: set.render("attr", .object(["value": .string(value)])), as: UTF8.self)
        #expect(page == "<a title=\"&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}&lt;\u{301}script&gt;\">x</a>")
    }

    @Test func setsUsingOtherTagsFallBackToSwiftMustache() throws {
        let set = try Self.templates(["delims": "{{=<% %>=}}<% title %> and <%& title %>"])
        #expect(!set.isCompiled)
        #expect(set.fallbackReason?.contains("delims.mustache") == true)
        let page = String(decoding: set.render("delims", Self.context), as: UTF8.self)
        #expect(page == set.renderWithMustache("delims", Self.context))
        #expect(page.hasPrefix("A &lt;b&gt;"))
    }
}
