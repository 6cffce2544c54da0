/// HTML escaping for text placed in element content or quoted attributes.
public enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as entities (`&#34;` for the quote).
    static let entities = ByteEscaper([
        0x26: "&amp;", 0x3C: "&lt;", 0x3E: "&gt;", 0x22: "&#34;", 0x27: "&#39;",
    ])
    /// The same as swift-mustache writes them (`&quot;` for the quote).
    static let mustacheEntities = ByteEscaper([
        0x26: "&amp;", 0x3C: "&lt;", 0x3E: "&gt;", 0x22: "&quot;", 0x27: "&#39;",
    ])

    /// `&`, `<`, `>`, `"` and `'` as entities; everything else unchanged.
    public static func text(_ value: String) -> String {
        guard entities.needsEscaping(value) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + value.utf8.count / 4 + 16)
        entities.append(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
