import Foundation

/// URL paths of the site turned into file paths inside it.
public enum SitePath {
    /// The relative file path for a percent-encoded URL path, or nil when it could leave the
    /// site or reach a hidden file: decoded once (a double-encoded `%252e` stays the literal
    /// name `%2e`), no NUL, no backslash, and no segment starting with a dot (`.`, `..`,
    /// `.git`, `assets/.hidden`). A folder path ends in `index.html`.
    public static func relative(_ encoded: String) -> String? {
        let plain = !encoded.utf8.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == 0 }
        guard let decoded = plain ? encoded : encoded.removingPercentEncoding else { return nil }
        if decoded.contains("\0") || decoded.contains("\\") { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0.hasPrefix(".") }) { return nil }
        var path = segments.joined(separator: "/")
        if decoded.hasSuffix("/") || path.isEmpty { path += path.isEmpty ? "index.html" : "/index.html" }
        return path
    }
}
