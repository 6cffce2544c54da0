/// Renders compiled templates into bytes with swift-mustache 2's semantics: sections skip on a
/// missing key, `false` or an empty list; `true` renders once in place; a list once per item;
/// any other value once with that value pushed on the stack. Escaping is byte-wise, so a quote
/// or `<` is escaped even when a combining mark follows it.
struct TemplateRenderer {
    let templates: [String: CompiledTemplate]
    var stack: [TemplateValue] = []

    init(templates: [String: CompiledTemplate]) {
        self.templates = templates
    }

    mutating func render(_ name: String, _ context: TemplateValue, into out: inout [UInt8]) {
        guard let template = templates[name] else { return }
        stack.removeAll(keepingCapacity: true)
        stack.append(context)
        render(template.nodes, indentation: [], into: &out)
    }

    private mutating func render(_ nodes: [TemplateNode], indentation: [UInt8], into out: inout [UInt8]) {
        if indentation.isEmpty {
            for node in nodes { render(node, indentation: indentation, into: &out) }
            return
        }
        // Inside an indented partial: a node's output that starts a line gets the indentation.
        let start = out.count
        for node in nodes {
            let before = out.count
            let startsLine = before > start && out[before - 1] == 0x0A
            render(node, indentation: indentation, into: &out)
            if startsLine && out.count > before { out.insert(contentsOf: indentation, at: before) }
        }
    }

    private mutating func render(_ node: TemplateNode, indentation: [UInt8], into out: inout [UInt8]) {
        switch node {
        case .text(let bytes):
            out.append(contentsOf: bytes)
        case .variable(let path, let escaped):
            guard let value = lookup(path) else { return }
            Self.write(value, escaped: escaped, into: &out)
        case .section(let path, let body):
            guard let value = lookup(path) else { return }
            switch value {
            case .bool(let flag):
                if flag { render(body, indentation: indentation, into: &out) }
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(body, indentation: indentation, into: &out)
                    stack.removeLast()
                }
            default:
                stack.append(value)
                render(body, indentation: indentation, into: &out)
                stack.removeLast()
            }
        case .inverted(let path, let body):
            switch lookup(path) {
            case nil, .bool(false): render(body, indentation: indentation, into: &out)
            case .list(let items) where items.isEmpty: render(body, indentation: indentation, into: &out)
            default: break
            }
        case .partial(let name, let indented):
            guard let template = templates[name] else { return }
            render(template.nodes, indentation: indented.map { indentation + $0 } ?? indentation, into: &out)
        }
    }

    /// The value `path` names, searched from the top of the stack down (indices, not a slice or
    /// a reversed view: lookups are a tenth of page rendering).
    private func lookup(_ path: TemplatePath) -> TemplateValue? {
        let names = path.names
        switch path.start {
        case .current:
            return stack.last
        case .top:
            guard let top = stack.last else { return nil }
            return Self.descend(top, names, from: 0)
        case .stack:
            guard !names.isEmpty else { return nil }
            var frame = stack.count
            while frame > 0 {
                frame -= 1
                if let found = stack[frame].child(names[0]) { return Self.descend(found, names, from: 1) }
            }
            return nil
        }
    }

    /// `value`'s descendant along `names[start...]`.
    private static func descend(_ value: TemplateValue, _ names: [String], from start: Int) -> TemplateValue? {
        var value = value
        var index = start
        while index < names.count {
            guard let child = value.child(names[index]) else { return nil }
            value = child
            index += 1
        }
        return value
    }

    private static func write(_ value: TemplateValue, escaped: Bool, into out: inout [UInt8]) {
        switch value {
        case .string(let text):
            if escaped {
                HTMLEscape.mustacheEntities.append(text, into: &out)
            } else {
                ByteEscaper.appendBytes(of: text, into: &out)
            }
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .list, .fields:
            // What swift-mustache prints for a container: its Swift description.
            let text = String(describing: value.anyValue)
            if escaped {
                HTMLEscape.mustacheEntities.append(text, into: &out)
            } else {
                out.append(contentsOf: text.utf8)
            }
        }
    }

}
