/// HTML escaping for text placed in element content or quoted attributes.
public enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as entities; everything else unchanged.
    public static func text(_ value: String) -> String {
        var copy = value
        return copy.withUTF8 { bytes -> String in
            guard bytes.contains(where: { entity(for: $0, quote: "&#34;") != nil }) else { return value }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 4 + 16)
            append(bytes, quote: "&#34;", into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends `bytes` escaped byte by byte (so a quote followed by a combining mark is still
    /// escaped); `quote` is the entity written for `"`.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, quote: StaticString, into out: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            guard let replacement = entity(for: bytes[index], quote: quote) else { continue }
            if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            replacement.withUTF8Buffer { out.append(contentsOf: $0) }
            runStart = index + 1
        }
        if bytes.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    @inline(__always)
    private static func entity(for byte: UInt8, quote: StaticString) -> StaticString? {
        switch byte {
        case 0x26: return "&amp;"
        case 0x3C: return "&lt;"
        case 0x3E: return "&gt;"
        case 0x22: return quote
        case 0x27: return "&#39;"
        default: return nil
        }
    }
}
