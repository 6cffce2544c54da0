import Foundation

/// URL paths of the site turned into file paths inside it.
public enum SitePath {
    /// The relative file path for a percent-encoded URL path, or nil when it could leave the
    /// site or reach a hidden file: decoded once (a double-encoded `%252e` stays the literal
    /// name `%2e`), no NUL, no backslash, and no segment starting with a dot (`.`, `..`,
    /// `.git`, `assets/.hidden`). A folder path ends in `index.html`.
    ///
    /// Every check reads UTF-8 bytes, never characters: a NUL or a dot followed by a combining
    /// mark (`%00%CC%8B`, `.%CC%81git`) is one `Character` that is not `"\0"` or `"."`, but the
    /// file system sees the NUL or the leading dot; and a slash after a prepended mark
    /// (`\u{600}/`) is one `Character` that `split(separator: "/")` would not split at.
    public static func relative(_ encoded: String) -> String? {
        let plain = !encoded.utf8.contains { $0 == percent || $0 == backslash || $0 == 0 }
        guard let decoded = plain ? encoded : encoded.removingPercentEncoding else { return nil }
        let bytes = Array(decoded.utf8)
        if bytes.contains(where: { $0 == 0 || $0 == backslash }) { return nil }
        let segments = bytes.split(separator: slash, omittingEmptySubsequences: true)
        if segments.contains(where: { $0.first == dot }) { return nil }
        var path = String(decoding: Array(segments.joined(separator: [slash])), as: UTF8.self)
        if bytes.last == slash || path.isEmpty { path += path.isEmpty ? "index.html" : "/index.html" }
        return path
    }

    /// Whether a relative file path has a hidden segment (one whose first byte is a dot).
    public static func isHidden(_ relativePath: String) -> Bool {
        relativePath.utf8.split(separator: slash).contains { $0.first == dot }
    }

    private static let percent = UInt8(ascii: "%")
    private static let backslash = UInt8(ascii: "\\")
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
}
