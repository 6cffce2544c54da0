import SiteBuilder

/// The server's path normalisation: whatever arrives, the file path it yields stays inside the
/// site root and has no dot segment, NUL or backslash.
enum PathCheck {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        guard let path = SitePath.relative("/" + text) else { return }
        require(!path.hasPrefix("/"), "absolute path \(path.debugDescription) from \(text.debugDescription)")
        require(
            !path.utf8.contains { $0 == 0 || $0 == UInt8(ascii: "\\") }, "NUL or backslash in \(path.debugDescription)")
        // Bytes, as the file system splits them (a slash after a prepended mark is part of one
        // Character, which a split on the Character "/" would not see).
        for segment in Array(path.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            require(!segment.isEmpty, "empty segment in \(path.debugDescription) from \(text.debugDescription)")
            require(
                segment.first != UInt8(ascii: "."),
                "dot segment in \(path.debugDescription) from \(text.debugDescription)")
        }
    }
}
