/// Replaces bytes of UTF-8 text by fixed byte strings, working on the text's contiguous bytes
/// (the hot path of page rendering: a byte table instead of a `switch` per byte and no copy of
/// runs that need no escaping). Byte-wise, so a quote followed by a combining mark is still
/// replaced.
struct ByteEscaper: Sendable {
    private let replacements: [[UInt8]?]

    /// - Parameter replacements: ASCII byte → what to write instead.
    init(_ replacements: [UInt8: String]) {
        var table = [[UInt8]?](repeating: nil, count: 256)
        for (byte, text) in replacements { table[Int(byte)] = Array(text.utf8) }
        self.replacements = table
    }

    /// Whether `text` holds a byte this escaper replaces.
    func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { replacements[Int($0)] != nil }
    }

    /// Appends `text` to `out` with every listed byte replaced.
    func append(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                guard let replacement = replacements[Int(bytes[index])] else { continue }
                if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                out.append(contentsOf: replacement)
                runStart = index + 1
            }
            if bytes.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
    }

    /// Appends `text` unchanged (its contiguous bytes, without a copy per character).
    static func appendBytes(of text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}
