/// The byte work behind `JSONText.append(string:to:)`, on a string's contiguous UTF-8 and the
/// output's storage: one pass counts the escaped length, the output grows once, and a second
/// pass writes every byte in place. JSON documents quote every key, so escapes come every few
/// bytes and appending run by run or byte by byte costs three times as much.
enum JSONStringEscape {
    /// Appends `value` between quotes to `out`, escaped as `JSONText.append(string:to:)` says.
    static func append(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { source in
            let length = escapedLength(source) + 2
            guard length > source.count + 2 else {
                out.append(0x22)
                out.append(contentsOf: source)
                return out.append(0x22)
            }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: length))
            out.withUnsafeMutableBufferPointer { storage in
                let target = UnsafeMutableBufferPointer(rebasing: storage[start..<(start + length)])
                let written = write(source, into: target)
                precondition(written == length, "JSON string escape wrote \(written) of \(length) bytes")
            }
        }
    }

    /// Whether a byte may need escaping: a control character, `"`, `\`, or the lead byte of a
    /// bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
    @inline(__always)
    static func mayNeedEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 || byte == 0xD8
    }

    /// The bytes `source` takes once escaped, without its quotes.
    private static func escapedLength(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        var length = source.count
        var index = 0
        while index < source.count {
            let byte = source[index]
            index += 1
            guard mayNeedEscape(byte) else { continue }
            if let (_, consumed) = bidiControl(source, at: index - 1) {
                length += 6 - consumed
                index += consumed - 1
            } else if byte >= 0x20 || shortEscape(byte) != nil {
                length += byte >= 0x80 ? 0 : 1
            } else {
                length += 5
            }
        }
        return length
    }

    /// Writes `source` escaped and quoted into `target`; returns the bytes written.
    private static func write(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        var at = 0
        func put(_ byte: UInt8) {
            target[at] = byte
            at += 1
        }
        func putUnicode(_ scalar: UInt32) {
            put(0x5C)
            put(0x75)
            for shift: UInt32 in [12, 8, 4, 0] { put(hexDigit(UInt8((scalar >> shift) & 0xF))) }
        }
        put(0x22)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if let (scalar, consumed) = bidiControl(source, at: index) {
                putUnicode(scalar)
                index += consumed
                continue
            }
            if byte == 0x22 || byte == 0x5C {
                put(0x5C)
                put(byte)
            } else if byte >= 0x20 {
                put(byte)
            } else if let letter = shortEscape(byte) {
                put(0x5C)
                put(letter)
            } else {
                putUnicode(UInt32(byte))
            }
            index += 1
        }
        put(0x22)
        return at
    }

    /// The letter of a two-byte escape (`\n`, `\r`, `\t`) for a control byte that has one.
    @inline(__always)
    private static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x0A: 0x6E
        case 0x0D: 0x72
        case 0x09: 0x74
        default: nil
        }
    }

    /// The bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) whose
    /// UTF-8 starts at `index`, and its length in bytes.
    @inline(__always)
    private static func bidiControl(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int)? {
        let lead = bytes[index]
        guard lead == 0xE2 || lead == 0xD8 else { return nil }
        if lead == 0xD8 {
            return index + 1 < bytes.count && bytes[index + 1] == 0x9C ? (0x061C, 2) : nil
        }
        guard index + 2 < bytes.count else { return nil }
        let scalar = 0x2000 | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
        switch scalar {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return (scalar, 3)
        default: return nil
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
