/// Text that could reorder what surrounds it on a page: a bidirectional control character or a
/// right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and the other scripts of U+0590 to
/// U+08FF, their presentation forms, and the right-to-left blocks beyond the BMP).
public enum BidiIsolation {
    /// Whether `text` holds anything that a page must isolate.
    public static func needsIsolation(_ text: String) -> Bool {
        // Every such character is encoded from a lead byte of 0xD6 or more: plain ASCII and
        // Latin text is passed in one cheap look.
        guard text.utf8.contains(where: { $0 >= 0xD6 }) else { return false }
        return text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
    }

    /// `text` between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, for places
    /// where markup cannot isolate it (Markdown, `<title>`, SVG titles, attributes); isolate
    /// controls inside it are dropped, so a stray U+2069 cannot end the isolate early. Text
    /// that needs no isolation is returned as it is.
    public static func isolated(_ text: String) -> String {
        guard needsIsolation(text) else { return text }
        let inner = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) }))
        return "\u{2068}" + inner + "\u{2069}"
    }
}
