/// A set of compiled templates lowered to one flat list of instructions for the renderer. The
/// node trees hold their text, paths and bodies in arrays of enums, and walking them retained
/// and released each of those for every node of every page (two thirds of rendering's time);
/// here an instruction holds only numbers, a section's body is the instructions up to its
/// `end`, and a partial names its template by number.
struct TemplateProgram: Sendable {
    enum Op: Sendable {
        /// `text[start..<end]`.
        case text(start: Int, end: Int)
        case variable(path: Int, escaped: Bool)
        /// The body is `ops[(here + 1)..<end]`.
        case section(path: Int, end: Int)
        case inverted(path: Int, end: Int)
        /// `template`: an index of `templates` (-1: no such template, nothing rendered);
        /// `indentation`: an index of `indentations` (-1: not a standalone tag).
        case partial(template: Int, indentation: Int)
    }

    private(set) var ops: [Op] = []
    private(set) var text: [UInt8] = []
    /// Each path: where its lookup starts and its names in `names`. Numbers only, where a
    /// `TemplatePath` copy retained and released its names array on every lookup.
    private(set) var paths: [(start: TemplatePath.Start, names: Range<Int>)] = []
    /// Every path's names, one path after another (our names are short strings, stored inline,
    /// not reference counted).
    private(set) var names: [String] = []
    private(set) var indentations: [[UInt8]] = []
    /// Each template's instructions.
    private(set) var templates: [Range<Int>] = []
    /// Template numbers by name.
    let numbers: [String: Int]

    init(_ compiled: [String: CompiledTemplate]) {
        let names = compiled.keys.sorted()
        numbers = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        for name in names {
            let start = ops.count
            lower(compiled[name]!.nodes)
            templates.append(start..<ops.count)
        }
    }

    private mutating func lower(_ nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                text += bytes
                ops.append(.text(start: text.count - bytes.count, end: text.count))
            case .variable(let path, let escaped):
                ops.append(.variable(path: add(path), escaped: escaped))
            case .section(let path, let body), .inverted(let path, let body):
                let (at, number) = (ops.count, add(path))
                ops.append(.text(start: 0, end: 0))  // replaced once the body's end is known
                lower(body)
                if case .section = node {
                    ops[at] = .section(path: number, end: ops.count)
                } else {
                    ops[at] = .inverted(path: number, end: ops.count)
                }
            case .partial(let name, let indentation):
                if let indentation { indentations.append(indentation) }
                let indented = indentation == nil ? -1 : indentations.count - 1
                ops.append(.partial(template: numbers[name] ?? -1, indentation: indented))
            }
        }
    }

    /// Adds `path`; returns its number.
    private mutating func add(_ path: TemplatePath) -> Int {
        names += path.names
        paths.append((path.start, (names.count - path.names.count)..<names.count))
        return paths.count - 1
    }
}
