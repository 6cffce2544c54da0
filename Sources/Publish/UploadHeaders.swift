import SiteOutput

/// The HTTP headers an object store serves a site file with, set when the file is uploaded:
/// its Content-Type from the file name, and its Cache-Control from its class.
public struct UploadHeaders: Hashable, Sendable, Comparable {
    /// `Content-Type`.
    public var contentType: String
    /// `Cache-Control`.
    public var cacheControl: String

    /// The default `max-age` of pages and data files, in seconds.
    public static let defaultPageMaxAge = 300

    /// Files every build rewrites that lead to the others: like the front, never served stale.
    static let entryPoints: Set<String> = [
        "exports/index.json", "search/meta.js", "search/trades/index.js", "search/parts/index.js",
    ]

    /// The headers of the site file at `path`; pages and data may be cached `pageMaxAge` seconds.
    public init(path: String, pageMaxAge: Int = defaultPageMaxAge) {
        contentType = Self.contentType(path)
        cacheControl =
            if ChangeTier.isFront(path) || Self.entryPoints.contains(path) {
                "no-cache"
            } else if AssetNames.isFingerprinted(path) || Self.isContentNamed(path) {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=\(pageMaxAge)"
            }
    }

    /// Whether `path` is a search file named by its own bytes (`search/parts/<16 hex>.js`, the
    /// parts index's leaves and lists): a changed one is a new name, like a fingerprinted asset.
    static func isContentNamed(_ path: String) -> Bool {
        let folder = "search/parts/"
        guard path.hasPrefix(folder), path.hasSuffix(".js") else { return false }
        let name = path.utf8.dropFirst(folder.utf8.count).dropLast(3)
        return name.count == 16 && name.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The headers as rclone's `--header-upload` arguments.
    var rcloneArguments: [String] {
        ["--header-upload", "Content-Type: \(contentType)", "--header-upload", "Cache-Control: \(cacheControl)"]
    }

    /// The media type of a site file by its extension (`application/octet-stream` for others).
    static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch name.contains(".") ? suffix : "" {
        case "html", "htm": return "text/html; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "json": return "application/json"
        case "ndjson": return "application/x-ndjson"
        case "csv": return "text/csv; charset=utf-8"
        case "atom": return "application/atom+xml"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    /// An order for the classes (Cache-Control, then Content-Type), so runs go in a stable order.
    public static func < (left: UploadHeaders, right: UploadHeaders) -> Bool {
        (left.cacheControl, left.contentType) < (right.cacheControl, right.contentType)
    }
}
