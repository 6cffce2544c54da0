import SiteBuilder
import SiteTemplates

/// The compiled renderer against swift-mustache: for any template source both accept, the same
/// bytes for a context of strings with markup, numbers, booleans, lists and objects.
enum TemplateCheck {
    static let name = "fuzzed"
    static let partial = "line1 {{title}}\n{{#items}}\n  {{name}}\n{{/items}}\n"
    /// Every object but the root has one key: `{{person}}` prints a dictionary's description,
    /// whose key order is a hash order that differs between two dictionaries (found by the
    /// fuzzer), in both renderers alike. The site's templates print no object.
    static let context: TemplateValue = .object([
        "title": "A <b>\"quoted\"</b> & 'single'", "count": .int(3), "yes": true, "no": false, "empty": "",
        "items": .list([.object(["name": "one"]), .object(["name": "two<"])]), "tags": .list(["a", "b"]),
        "none": .list([]), "person": .object(["address": .object(["city": "London & Co"])]),
    ])

    static func run(_ bytes: [UInt8]) {
        let source = String(decoding: bytes.prefix(2048), as: UTF8.self)
        // A template that includes itself recurses forever in both renderers.
        guard !source.contains(name) else { return }
        guard let set = try? TemplateSet(sources: [name: source, "part": partial]), set.isCompiled else { return }
        let compiled = String(decoding: set.render(name, context), as: UTF8.self)
        let reference = set.renderWithMustache(name, context)
        // The root object printed (`{{.}}` outside a section): its description's key order is a
        // hash order, different in each dictionary, in both renderers alike (found by the fuzzer).
        for output in [reference, compiled]
        where output.contains("&quot;count&quot;: 3") || output.contains("\"count\": 3") {
            return
        }
        require(
            compiled == reference,
            "renderers differ for \(source.debugDescription): \(compiled.debugDescription) vs \(reference.debugDescription)"
        )
    }
}
