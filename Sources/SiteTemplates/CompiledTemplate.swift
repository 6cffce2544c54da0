/// A Mustache template compiled to nodes over bytes: a port of swift-mustache 2's parser
/// (same standalone-line and indentation rules) for the tags the site's templates use —
/// variables, `{{{ }}}`/`{{& }}`, sections, inverted sections, comments and static partials.
/// Anything else (set delimiters, pragmas, inheritance, dynamic partials, transforms) makes
/// `compile` throw `Unsupported`, and the set falls back to swift-mustache for rendering.
/// Templates are validated by swift-mustache first, so syntax errors are reported there.
struct CompiledTemplate: Sendable {
    let nodes: [TemplateNode]

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    init(_ source: String) throws {
        var parser = TemplateParser(bytes: Array(source.utf8))
        nodes = try parser.parse(section: nil, newLine: true)
        if parser.mergesWithNeighbour {
            throw Unsupported(description: "a tag's braces join a neighbouring character")
        }
    }
}

/// How a name is looked up: `.` is the top of the stack; `.a.b` starts at the top only;
/// `a.b` finds `a` in the nearest frame that has it, then walks down.
struct TemplatePath: Sendable {
    enum Start: Sendable { case current, top, stack }
    let start: Start
    let names: [String]

    init(_ text: String) {
        if text == "." {
            start = .current
            names = []
        } else {
            start = text.hasPrefix(".") ? .top : .stack
            names = text.split(separator: ".").map(String.init)
        }
    }
}

enum TemplateNode: Sendable {
    case text([UInt8])
    case variable(TemplatePath, escaped: Bool)
    case section(TemplatePath, [TemplateNode])
    case inverted(TemplatePath, [TemplateNode])
    /// `indentation` is set for a standalone partial tag: its leading whitespace.
    case partial(String, indentation: [UInt8]?)
}

private struct TemplateParser {
    let bytes: [UInt8]
    var position = 0
    /// A tag's `{{` or `}}` forms one Character with a neighbouring scalar (a prepended mark
    /// before `{`, a combining mark after `}`): swift-mustache reads Characters and does not see
    /// that tag (found by the fuzzer), so such a template is left to it.
    var mergesWithNeighbour = false
    /// Inverted sections open around the current position. swift-mustache pushes an inverted
    /// section's (empty) value on its context stack, so `{{.}}` and `{{.name}}` inside one read
    /// that value, not the enclosing context (found by the fuzzer): such a template is left to it.
    var invertedDepth = 0

    /// Whether the scalar ending just before `end` joins a following `{` into one Character.
    func mergesBefore(_ end: Int) -> Bool {
        guard end > 0, bytes[end - 1] >= 0x80 else { return false }
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (String(decoding: bytes[start..<end], as: UTF8.self) + "{").count == 1
    }

    /// Whether the scalar starting at `start` joins a preceding `}` into one Character.
    func mergesAfter(_ start: Int) -> Bool {
        guard start < bytes.count, bytes[start] >= 0x80 else { return false }
        var end = start + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return ("}" + String(decoding: bytes[start..<end], as: UTF8.self)).count == 1
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    private static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    private static let open: UInt8 = 0x7B, close: UInt8 = 0x7D

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    /// `\n` or `\r\n` at the cursor: its length, else 0 (what ends a line of text).
    func lineBreak(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        if bytes[index] == Self.newline { return 1 }
        if bytes[index] == Self.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Self.newline { return 2 }
        return 0
    }

    /// Any character Swift calls a newline at `index` (what may follow a standalone tag): its length, else 0.
    func anyNewline(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        let byte = bytes[index]
        if byte == Self.carriageReturn {
            return index + 1 < bytes.count && bytes[index + 1] == Self.newline ? 2 : 1
        }
        if byte == Self.newline || byte == 0x0B || byte == 0x0C { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
            bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
        {
            return 3
        }
        return 0
    }

    mutating func readSpacesAndTabs() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
        return bytes[start..<position]
    }

    mutating func skipWhitespace() throws {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.space || byte == Self.tab {
                position += 1
            } else if byte >= 0x0A && byte <= 0x0D {
                // Line breaks inside a tag: swift-mustache's reading of `{{\r…}}` differs from a
                // plain skip (found by the fuzzer); left to it.
                throw CompiledTemplate.Unsupported(description: "line break inside a tag")
            } else if byte >= 0x80 {
                throw CompiledTemplate.Unsupported(description: "non-ASCII character inside a tag")
            } else {
                return
            }
        }
    }

    /// Text up to a line break (left at the cursor) or past the next `{{`.
    mutating func readText() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count {
            if lineBreak(at: position) > 0 { return bytes[start..<position] }
            if bytes[position] == Self.open, position + 1 < bytes.count, bytes[position + 1] == Self.open {
                let text = bytes[start..<position]
                if mergesBefore(position) { mergesWithNeighbour = true }
                position += 2
                return text
            }
            position += 1
        }
        return bytes[start..<position]
    }

    static func isNameByte(_ byte: UInt8, partial: Bool) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x2D, 0x5F, 0x3F, 0x2A, 0x28, 0x29: return true
        case 0x2F: return partial
        default: return false
        }
    }

    mutating func readName(partial: Bool = false) throws -> String {
        try skipWhitespace()
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position], partial: partial) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        try skipWhitespace()
        guard position + 1 < bytes.count, bytes[position] == Self.close, bytes[position + 1] == Self.close else {
            throw CompiledTemplate.Unsupported(description: "unfinished tag")
        }
        position += 2
        if mergesAfter(position) { mergesWithNeighbour = true }
        // `{{}}` is the whole context to swift-mustache (its description): left to it (found by
        // the fuzzer).
        if name.isEmpty { throw CompiledTemplate.Unsupported(description: "empty tag {{}}") }
        if !partial, invertedDepth > 0, name.hasPrefix(".") {
            throw CompiledTemplate.Unsupported(description: "{{\(name)}} inside an inverted section")
        }
        if !partial, name.contains("(") || name.contains(")") || name.contains("*") {
            throw CompiledTemplate.Unsupported(description: "transform in {{\(name)}}")
        }
        return name
    }

    /// After a tag at the start of a line: the rest of the line is blank (consumed with its
    /// line break) or the template ends.
    mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < bytes.count, bytes[probe] == Self.space || bytes[probe] == Self.tab { probe += 1 }
        let length = anyNewline(at: probe)
        guard length > 0 else { return false }
        position = probe + length
        return true
    }

    mutating func parse(section: String?, newLine startsOnNewLine: Bool) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var newLine = startsOnNewLine
        var whitespace: ArraySlice<UInt8> = []
        while !atEnd {
            if newLine { whitespace = readSpacesAndTabs() }
            let text = readText()
            let breakLength = lineBreak(at: position)
            if breakLength > 0 {
                nodes.append(.text(Array(whitespace) + Array(text) + Array(bytes[position..<position + breakLength])))
                newLine = true
                position += breakLength
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(Array(whitespace) + Array(text)))
                whitespace = []
                newLine = false
            }
            if atEnd { break }
            switch try parseTag(into: &nodes, whitespace: &whitespace, newLine: newLine, section: section) {
            case .closesSection: return nodes
            case .continues(let standalone): newLine = standalone
            }
        }
        guard section == nil else { throw CompiledTemplate.Unsupported(description: "unclosed section \(section!)") }
        return nodes
    }

    /// What follows a tag: the section it closed ends, or parsing goes on (on a new line when the
    /// tag stood alone on its line).
    enum TagEnd {
        case closesSection
        case continues(newLine: Bool)
    }

    /// Reads the tag after `{{` (the opening braces already consumed) and appends its node.
    /// `whitespace` is the indentation before it, written out unless the tag stands alone.
    mutating func parseTag(
        into nodes: inout [TemplateNode], whitespace: inout ArraySlice<UInt8>, newLine: Bool, section: String?
    ) throws -> TagEnd {
        func flushWhitespace() {
            if !whitespace.isEmpty {
                nodes.append(.text(Array(whitespace)))
                whitespace = []
            }
        }
        switch current {
        case 0x23, 0x5E:  // # ^
            let inverted = current == 0x5E
            position += 1
            let name = try readName()
            let standalone = newLine && lineFinished()
            if !standalone { flushWhitespace() }
            if inverted { invertedDepth += 1 }
            let body = try parse(section: name, newLine: standalone)
            if inverted { invertedDepth -= 1 }
            nodes.append(inverted ? .inverted(TemplatePath(name), body) : .section(TemplatePath(name), body))
            return .continues(newLine: standalone)
        case 0x2F:  // /
            position += 1
            let name = try readName()
            guard name == section else { throw CompiledTemplate.Unsupported(description: "unmatched {{/\(name)}}") }
            if !(newLine && lineFinished()) { flushWhitespace() }
            return .closesSection
        case 0x21:  // !
            position += 1
            try skipComment()
            return .continues(newLine: newLine && lineFinished())
        case 0x7B:  // {
            flushWhitespace()
            position += 1
            nodes.append(.variable(TemplatePath(try readTripleName()), escaped: false))
        case 0x26:  // &
            flushWhitespace()
            position += 1
            nodes.append(.variable(TemplatePath(try readName()), escaped: false))
        case 0x3E:  // >
            position += 1
            let indentation = whitespace
            flushWhitespace()
            return .continues(newLine: try readPartial(into: &nodes, indentation: indentation, newLine: newLine))
        case 0x3C, 0x24, 0x3D, 0x25:  // < $ = %
            throw CompiledTemplate.Unsupported(description: "tag {{\(Character(Unicode.Scalar(current)))")
        default:
            flushWhitespace()
            nodes.append(.variable(TemplatePath(try readName()), escaped: true))
        }
        return .continues(newLine: false)
    }

    /// Skips a comment's text and its `}}`.
    mutating func skipComment() throws {
        while position + 1 < bytes.count, !(bytes[position] == Self.close && bytes[position + 1] == Self.close) {
            // swift-mustache reads `{{` inside a comment its own way (found by the fuzzer): such
            // a comment is left to it.
            if bytes[position] == Self.open && bytes[position + 1] == Self.open {
                throw CompiledTemplate.Unsupported(description: "{{ inside a comment")
            }
            position += 1
        }
        guard position + 1 < bytes.count else { throw CompiledTemplate.Unsupported(description: "unfinished comment") }
        position += 2
        if mergesAfter(position) { mergesWithNeighbour = true }
    }

    /// The name of a `{{{name}}}` tag, its closing braces consumed.
    mutating func readTripleName() throws -> String {
        let name = try readName()
        guard current == Self.close else { throw CompiledTemplate.Unsupported(description: "unfinished {{{") }
        position += 1
        if mergesAfter(position) { mergesWithNeighbour = true }
        return name
    }

    /// Appends a `{{> name}}` partial, indented by `indentation` when it stands alone on its
    /// line; returns whether it did.
    mutating func readPartial(into nodes: inout [TemplateNode], indentation: ArraySlice<UInt8>, newLine: Bool)
        throws -> Bool
    {
        try skipWhitespace()
        if current == 0x2A { throw CompiledTemplate.Unsupported(description: "dynamic partial") }
        let name = try readName(partial: true)
        let standalone = newLine && lineFinished()
        nodes.append(.partial(name, indentation: standalone ? Array(indentation) : nil))
        return standalone
    }
}
