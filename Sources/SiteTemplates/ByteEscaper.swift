/// Replaces bytes of UTF-8 text by fixed byte strings, working on the text's contiguous bytes
/// (the hot path of page rendering). One pass sums each byte's escaped length from a table, the
/// output grows once, and a second pass writes into its storage in place: JSON shown in a
/// `<pre>` has a quote every few bytes, where appending run by run costs more than the bytes.
/// Byte-wise, so a quote followed by a combining mark is still replaced.
public struct ByteEscaper: Sendable {
    /// Each byte's length once escaped (1 for a byte kept as it is).
    private let lengths: [Int]
    /// Where each replaced byte's replacement starts in `replacementBytes`.
    private let starts: [Int]
    /// Every replacement, one after another.
    private let replacementBytes: [UInt8]

    /// - Parameter replacements: ASCII byte → what to write instead.
    public init(_ replacements: [UInt8: String]) {
        var lengths = [Int](repeating: 1, count: 256)
        var starts = [Int](repeating: 0, count: 256)
        var bytes: [UInt8] = []
        for (byte, text) in replacements.sorted(by: { $0.key < $1.key }) {
            starts[Int(byte)] = bytes.count
            lengths[Int(byte)] = text.utf8.count
            bytes.append(contentsOf: text.utf8)
        }
        precondition(replacements.values.allSatisfy { $0.utf8.count > 1 }, "a replacement must be longer than one byte")
        self.lengths = lengths
        self.starts = starts
        self.replacementBytes = bytes
    }

    /// Whether `text` holds a byte this escaper replaces.
    public func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { lengths[Int($0)] != 1 }
    }

    /// Appends `text` to `out` with every listed byte replaced.
    public func append(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { source in
            let length = lengths.withUnsafeBufferPointer { lengths in
                var length = 0
                for byte in source { length += lengths[Int(byte)] }
                return length
            }
            guard length != source.count else { return out.append(contentsOf: source) }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: length))
            out.withUnsafeMutableBufferPointer { storage in
                let written = write(source, into: UnsafeMutableBufferPointer(rebasing: storage[start...]))
                precondition(written == length, "escaper wrote \(written) of \(length) bytes")
            }
        }
    }

    /// Writes `source` escaped into `target`; returns the bytes written.
    private func write(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>) -> Int {
        lengths.withUnsafeBufferPointer { lengths in
            starts.withUnsafeBufferPointer { starts in
                replacementBytes.withUnsafeBufferPointer { replacements in
                    var at = 0
                    for byte in source {
                        let length = lengths[Int(byte)]
                        if length == 1 {
                            target[at] = byte
                            at += 1
                            continue
                        }
                        let from = starts[Int(byte)]
                        for offset in 0..<length { target[at + offset] = replacements[from + offset] }
                        at += length
                    }
                    return at
                }
            }
        }
    }

    /// Appends `text` unchanged (its contiguous bytes, without a copy per character).
    static func appendBytes(of text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends `source[range]` (a template's literal text) without making a slice: a slice holds
    /// a reference to the array, retained and released for each of a page's literal runs.
    static func appendBytes(_ source: [UInt8], _ range: Range<Int>, into out: inout [UInt8]) {
        source.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }
}
