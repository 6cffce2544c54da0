import SiteBuilder
import SiteTemplates

/// The compiled renderer against swift-mustache: for any template source both accept, the same
/// bytes for a context of strings with markup, numbers, booleans, lists and objects.
enum TemplateCheck {
    static let name = "fuzzed"
    static let partial = "line1 {{title}}\n{{#items}}\n  {{name}}\n{{/items}}\n"
    static let context: TemplateValue = .object([
        "title": "A <b>\"quoted\"</b> & 'single'", "count": .int(3), "yes": true, "no": false, "empty": "",
        "items": .list([.object(["name": "one", "tags": .list(["a", "b"])]), .object(["name": "two<"])]),
        "none": .list([]), "person": .object(["name": "Ada", "address": .object(["city": "London & Co"])]),
    ])

    static func run(_ bytes: [UInt8]) {
        let source = String(decoding: bytes.prefix(2048), as: UTF8.self)
        // A template that includes itself recurses forever in both renderers.
        guard !source.contains(name) else { return }
        guard let set = try? TemplateSet(sources: [name: source, "part": partial]), set.isCompiled else { return }
        let compiled = String(decoding: set.render(name, context), as: UTF8.self)
        let reference = set.renderWithMustache(name, context)
        require(
            compiled == reference,
            "renderers differ for \(source.debugDescription): \(compiled.debugDescription) vs \(reference.debugDescription)"
        )
    }
}
