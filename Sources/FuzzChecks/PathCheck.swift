import SiteBuilder

/// The server's path normalisation: whatever arrives, the file path it yields stays inside the
/// site root and has no dot segment, NUL or backslash.
enum PathCheck {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        guard let path = SitePath.relative("/" + text) else { return }
        require(!path.hasPrefix("/"), "absolute path \(path.debugDescription) from \(text.debugDescription)")
        require(!path.contains("\0") && !path.contains("\\"), "NUL or backslash in \(path.debugDescription)")
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            require(!segment.isEmpty, "empty segment in \(path.debugDescription) from \(text.debugDescription)")
            require(!segment.hasPrefix("."), "dot segment in \(path.debugDescription) from \(text.debugDescription)")
        }
    }
}
