/// Renders a `TemplateProgram` into bytes with swift-mustache 2's semantics: sections skip on a
/// missing key, `false` or an empty list; `true` renders once in place; a list once per item;
/// any other value once with that value pushed on the stack. Escaping is byte-wise, so a quote
/// or `<` is escaped even when a combining mark follows it.
struct TemplateRenderer {
    let program: TemplateProgram
    private var stack: [TemplateValue] = []
    /// Whether `stack[0]` holds the set's globals under the context (`stack[1]`): the context
    /// sees them as fields of its own that its fields override, as if merged into it, without
    /// copying both into a new object for every page.
    private var globalsBelow = false

    init(program: TemplateProgram) {
        self.program = program
    }

    mutating func render(
        _ name: String, _ context: TemplateValue, globals: [(name: String, value: TemplateValue)],
        into out: inout [UInt8]
    ) {
        guard let number = program.numbers[name] else { return }
        stack.removeAll(keepingCapacity: true)
        globalsBelow = false
        if !globals.isEmpty, case .fields = context {
            stack.append(.fields(globals))
            globalsBelow = true
        }
        stack.append(context)
        run(program.templates[number], indentation: [], into: &out)
    }

    /// Runs the instructions in `range`. Inside an indented partial, an instruction's output
    /// that starts a line gets the indentation.
    private mutating func run(_ range: Range<Int>, indentation: [UInt8], into out: inout [UInt8]) {
        let ops = program.ops
        var index = range.lowerBound
        if indentation.isEmpty {
            while index < range.upperBound { index = step(ops, index, indentation: indentation, into: &out) }
            return
        }
        let start = out.count
        while index < range.upperBound {
            let before = out.count
            let startsLine = before > start && out[before - 1] == 0x0A
            index = step(ops, index, indentation: indentation, into: &out)
            if startsLine && out.count > before { out.insert(contentsOf: indentation, at: before) }
        }
    }

    /// Runs the instruction at `index` (a section with its body); returns the next one's index.
    private mutating func step(
        _ ops: [TemplateProgram.Op], _ index: Int, indentation: [UInt8], into out: inout [UInt8]
    ) -> Int {
        switch ops[index] {
        case .text(let start, let end):
            ByteEscaper.appendBytes(program.text, start..<end, into: &out)
        case .variable(let path, let escaped):
            if let value = lookup(path) { Self.write(value, escaped: escaped, into: &out) }
        case .section(let path, let end):
            guard let value = lookup(path) else { return end }
            let body = (index + 1)..<end
            switch value {
            case .bool(let flag):
                if flag { run(body, indentation: indentation, into: &out) }
            case .list(let items):
                for item in items {
                    stack.append(item)
                    run(body, indentation: indentation, into: &out)
                    stack.removeLast()
                }
            default:
                stack.append(value)
                run(body, indentation: indentation, into: &out)
                stack.removeLast()
            }
            return end
        case .inverted(let path, let end):
            switch lookup(path) {
            case nil, .bool(false): run((index + 1)..<end, indentation: indentation, into: &out)
            case .list(let items) where items.isEmpty: run((index + 1)..<end, indentation: indentation, into: &out)
            default: break
            }
            return end
        case .partial(let template, let indented):
            guard template >= 0 else { break }
            let inner = indented < 0 ? indentation : indentation + program.indentations[indented]
            run(program.templates[template], indentation: inner, into: &out)
        }
        return index + 1
    }

    /// The value path number `number` names, searched from the top of the stack down (indices,
    /// not a slice or a reversed view: lookups are a tenth of page rendering).
    private func lookup(_ number: Int) -> TemplateValue? {
        let (start, names) = program.paths[number]
        switch start {
        case .current:
            return top()
        case .top:
            guard !names.isEmpty else { return top() }
            let frame = stack.count - 1
            guard frame >= 0, let found = child(ofFrame: frame, program.names[names.lowerBound]) else { return nil }
            return descend(found, names.dropFirst())
        case .stack:
            guard !names.isEmpty else { return nil }
            let first = program.names[names.lowerBound]
            var frame = stack.count
            while frame > 0 {
                frame -= 1
                if let found = stack[frame].child(first) { return descend(found, names.dropFirst()) }
            }
            return nil
        }
    }

    /// The top of the stack; the context merged with the globals when it is the top.
    private func top() -> TemplateValue? {
        if globalsBelow, stack.count == 2, case .fields(let globals) = stack[0], case .fields(let fields) = stack[1] {
            return .fields(globals + fields)
        }
        return stack.last
    }

    /// Frame `frame`'s child `name`; the context's frame also has the globals below it.
    private func child(ofFrame frame: Int, _ name: String) -> TemplateValue? {
        if let found = stack[frame].child(name) { return found }
        return globalsBelow && frame == 1 ? stack[0].child(name) : nil
    }

    /// `value`'s descendant along `program.names[rest]`.
    private func descend(_ value: TemplateValue, _ rest: Range<Int>) -> TemplateValue? {
        var value = value
        for index in rest {
            guard let child = value.child(program.names[index]) else { return nil }
            value = child
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
