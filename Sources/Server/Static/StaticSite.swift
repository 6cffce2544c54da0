public import Foundation
public import HTTPTypes
import Hashing
public import NIOCore
import SiteBuilder
import SystemIO

/// The built site, served from memory. Files are read on first request and kept (up to
/// `byteLimit` in all); the cache is dropped when a build swaps a new site in (seen through
/// `build.json`, checked at most once a second, or told by `invalidate()`).
public final class StaticSite: Sendable {
    /// One file held in memory with its validators.
    public struct File: Sendable {
        /// The file's bytes.
        public let body: ByteBuffer
        /// A strong entity tag of the bytes (quoted).
        public let etag: String
        /// The file's modification time, for `Last-Modified`.
        public let lastModified: Date
        /// Every header of a 200 answer (content type, validators, length, security headers),
        /// built once so serving the file copies them instead of validating each again.
        public let headers: HTTPFields
    }

    /// What a request path found.
    public enum Lookup: Sendable {
        case found(File)
        case notFound
        /// The path tries to leave the site (`..`, backslashes, NUL, a symlink pointing out).
        case forbidden
    }

    public static let byteLimit = 256 << 20
    /// Files larger than this (bytes) are not served: the site writes none that large.
    public static let fileLimit = 16 << 20

    private struct Cache {
        var files: [String: File] = [:]
        var bytes = 0
        var stamp: Date?
        /// Monotonic seconds of the last look at `build.json`.
        var checked: UInt64 = 0
    }

    /// The site folder served.
    public let root: URL
    private let cache = Locked(Cache())

    /// A cache of the files under `root`, filled on first request.
    public init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Drops every cached file (after a build) and loads the new site in the background.
    public func invalidate() {
        cache.withLock { $0 = Cache() }
        warmInBackground()
    }

    /// Whether a warm-up is running (one at a time).
    private let warming = Locked(false)
    /// Whether a warm-up has ended since the start: the site is in memory as far as it fits.
    private let warmed = Locked(false)

    /// Whether the site is ready to serve: it has an `index.html` and its first warm-up ended
    /// (what `/readyz` waits for).
    public var isLoaded: Bool {
        warmed.withLock { $0 } && FileIO.exists(root.appendingPathComponent("index.html").path)
    }

    /// Loads the site's files into memory on a background thread, index pages first, until the
    /// cache's byte limit: the first visitors of a page find it in memory too.
    public func warmInBackground() {
        guard
            warming.withLock({ running in
                defer { running = true }; return !running
            })
        else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            defer {
                warmed.withLock { $0 = true }
                warming.withLock { $0 = false }
            }
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { return }
            var paths: [String] = []
            for case let path as String in walker where !SitePath.isHidden(path) {
                paths.append(path)
            }
            // Top-level pages and the newest archive first, then the rest in order.
            paths.sort { ($0.contains("/") ? 1 : 0, $0) < ($1.contains("/") ? 1 : 0, $1) }
            for path in paths {
                if cache.withLock({ $0.bytes >= Self.byteLimit * 9 / 10 }) { return }
                _ = lookup("/" + path)
            }
        }
    }

    /// The file for a URL path if it is in memory: no file system access (safe on an event loop,
    /// but for one `stat` of `build.json` a second). Paths are cached as received once checked.
    public func cached(_ encodedPath: String) -> File? {
        refreshIfRebuilt()
        return cache.withLock { $0.files[encodedPath] }
    }

    /// The file for a URL path (percent-encoded, as received).
    public func lookup(_ encodedPath: String) -> Lookup {
        if let hit = cached(encodedPath) { return .found(hit) }
        guard let relative = SitePath.relative(encodedPath) else { return .forbidden }
        // Kept under the path as received too when it is the plain spelling (bounded: two per file).
        let plain = encodedPath == "/" + relative || encodedPath + "index.html" == "/" + relative
        if let hit = cache.withLock({ $0.files[relative] }) {
            if plain { cache.withLock { $0.files[encodedPath] = hit } }
            return .found(hit)
        }
        var url = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return .notFound }
        if isDirectory.boolValue { url.appendPathComponent("index.html") }
        let resolved = url.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root.path + "/") else { return .forbidden }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
            (attributes[.type] as? FileAttributeType) == .typeRegular,
            let size = (attributes[.size] as? NSNumber)?.intValue, size <= Self.fileLimit,
            let data = FileManager.default.contents(atPath: resolved)
        else { return .notFound }
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let file = Self.file(data, modified: modified, contentType: Self.contentType(url.pathExtension))
        cache.withLock { cache in
            if cache.bytes + data.count > Self.byteLimit { cache = Cache(stamp: cache.stamp, checked: cache.checked) }
            cache.files[relative] = file
            if plain { cache.files[encodedPath] = file }
            cache.bytes += data.count
        }
        return .found(file)
    }

    static func file(_ data: Data, modified: Date, contentType: String) -> File {
        let etag = Self.etag(data)
        let lastModified = HTTPDate.format(modified)
        var headers: HTTPFields = [
            .contentType: contentType, .eTag: etag, .lastModified: lastModified, .cacheControl: "no-cache",
            .contentLength: String(data.count),
        ]
        headers.append(contentsOf: SecurityHeaders.fields)
        return File(
            body: ByteBuffer(bytes: data), etag: etag, lastModified: modified, headers: headers)
    }

    private func refreshIfRebuilt() {
        let now = DispatchTime.now().uptimeNanoseconds / 1_000_000_000
        let due = cache.withLock { cache -> Bool in
            guard now != cache.checked else { return false }
            cache.checked = now
            return true
        }
        guard due else { return }
        let stamp =
            (try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("build.json").path))?[
                .modificationDate] as? Date
        let rebuilt = cache.withLock { cache -> Bool in
            guard cache.stamp != stamp else { return false }
            let seenBefore = cache.stamp != nil
            cache = Cache(stamp: stamp, checked: now)
            return seenBefore
        }
        if rebuilt { warmInBackground() }
    }

    static func etag(_ data: Data) -> String {
        var hash = FNV1a64()
        hash.add(bytes: data)
        return "\"\(String(hash.value, radix: 16))-\(data.count)\""
    }

    static func contentType(_ pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "ndjson": "application/x-ndjson"
        case "csv": "text/csv; charset=utf-8; header=present"
        case "atom": "application/atom+xml"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
