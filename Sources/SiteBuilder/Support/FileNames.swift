import Hashing

/// File names made from untrusted values: only `[a-z0-9_-]`, bounded, and unique through a
/// cryptographic hash of the full value.
public enum FileNames {
    /// A trade's file name (without extension): up to 60 characters of slug, then 128 bits of
    /// SHA-256 of the id. Distinct ids share a name only if SHA-256 collides (a 32-bit hash
    /// fell to a birthday search); a build also checks that the ids it renders get distinct names.
    public static func trade(_ tradeID: String) -> String {
        if let ascii = asciiSlug(tradeID) { return ascii + "-" + digest(tradeID) }
        var slug = ""
        for scalar in tradeID.lowercased().unicodeScalars {
            if slug.count >= 60 { break }
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        let trimmed = slug.trimmingCharacters(in: "-")
        return (trimmed.isEmpty ? "trade" : trimmed) + "-" + digest(tradeID)
    }

    /// 32 hex digits: the first 128 bits of SHA-256 over the UTF-8 bytes.
    static func digest(_ value: String) -> String {
        Hashing.sha256Hex(value, count: 16)
    }

    /// The slug of an ASCII id, byte by byte (the same result as the Unicode path); nil otherwise.
    private static func asciiSlug(_ tradeID: String) -> String? {
        var slug: [UInt8] = []
        slug.reserveCapacity(60)
        for byte in tradeID.utf8 {
            if byte >= 0x80 { return nil }
            if slug.count >= 60 { break }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x5F || lower == 0x2D {
                slug.append(lower)
            } else if slug.last != 0x2D {
                slug.append(0x2D)
            }
        }
        while slug.first == 0x2D { slug.removeFirst() }
        while slug.last == 0x2D { slug.removeLast() }
        return slug.isEmpty ? "trade" : String(decoding: slug, as: UTF8.self)
    }

    /// 8 hex digits of FNV-1a over the UTF-8 bytes (the same in every process): for keys where a
    /// collision is harmless (anchors, the manifest's file name), never for page names.
    public static func stableHash(_ value: String) -> String {
        Hashing.fnv1a32Hex(value)
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
