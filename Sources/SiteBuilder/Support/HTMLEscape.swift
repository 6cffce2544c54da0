/// HTML escaping for text placed in element content or quoted attributes.
public enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as entities; everything else unchanged.
    public static func text(_ value: String) -> String {
        var copy = value
        return copy.withUTF8 { bytes -> String in
            var runStart = 0
            var out: [UInt8] = []
            for index in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&#34;"
                case 0x27: replacement = "&#39;"
                default: continue
                }
                if out.isEmpty { out.reserveCapacity(bytes.count + bytes.count / 4 + 16) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                runStart = index + 1
            }
            if runStart == 0 { return value }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            return String(decoding: out, as: UTF8.self)
        }
    }
}
