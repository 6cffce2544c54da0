import Foundation
import SiteOutput
import SystemIO

/// The URL paths a CDN must purge after a publish: what replaced a published file or was
/// removed, and the front pages, as `/path` (percent-encoded), a folder's `index.html` also as
/// the folder (`/`, `/list/`). New files are left out: no cache holds them yet.
public struct Invalidations: Codable, Sendable, Equatable {
    /// The target published to.
    public var target: String
    /// The change list the target now has.
    public var seq: Int
    /// The paths, sorted; `/*` alone when a whole-tree rsync publish cannot say which.
    public var paths: [String]

    /// The paths for site files `files` (relative to the site), with the front added when any
    /// file changed.
    static func paths(for files: some Sequence<String>, front: [String]) -> [String] {
        var paths = Set<String>()
        for file in files { paths.formUnion(urls(file)) }
        if !paths.isEmpty { for file in front { paths.formUnion(urls(file)) } }
        return paths.sorted()
    }

    private static func urls(_ file: String) -> [String] {
        let encoded = "/" + (file.addingPercentEncoding(withAllowedCharacters: unreserved) ?? file)
        guard encoded.hasSuffix("/index.html") || encoded == "/index.html" else { return [encoded] }
        return [encoded, String(encoded.dropLast("index.html".count))]
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    /// Writes the paths to `url`, one per line, and as JSON to `url` + `.json`, each atomically;
    /// with no path, removes both (a purge step finds no file: nothing to purge).
    func write(to url: URL) throws {
        let json = URL(fileURLWithPath: url.path + ".json")
        guard !paths.isEmpty else {
            FileIO.removeFile(url.path)
            FileIO.removeFile(json.path)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try PrivateFiles.write(Array(try encoder.encode(self)) + [0x0A], to: json.path, mode: 0o644)
        try PrivateFiles.write(Array(paths.joined(separator: "\n").utf8) + [0x0A], to: url.path, mode: 0o644)
    }
}
