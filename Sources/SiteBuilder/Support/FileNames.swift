/// File names made from untrusted values: only `[a-z0-9_-]`, bounded, and unique through a
/// stable hash of the full value.
public enum FileNames {
    public static func trade(_ tradeID: String) -> String {
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
        return (trimmed.isEmpty ? "trade" : trimmed) + "-" + stableHash(tradeID)
    }

    /// 8 hex digits of FNV-1a over the UTF-8 bytes (the same in every process).
    public static func stableHash(_ value: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in value.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
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
