public import Foundation

/// Walks a site as a reader does: from `index.html`, every page a link reaches, and reports the
/// links (HTML `href`/`src`, Markdown `](…)`) whose target file is not there. A page nothing
/// published links to yet is not read: a reader cannot reach it.
public struct LinkCrawler: Sendable {
    public let root: URL

    /// A crawler of the site in `root`.
    public init(root: URL) { self.root = root }

    /// The broken links of every page reachable from the entry pages, as "page: target".
    public func brokenLinks(from entries: [String] = ["index.html"]) -> (broken: [String], pages: Int) {
        var seen = Set(entries)
        var queue = entries
        var broken: [String] = []
        let base = root.standardizedFileURL.path
        while let page = queue.popLast() {
            guard let bytes = FileManager.default.contents(atPath: base + "/" + page) else {
                broken.append("(entry) \(page)")
                continue
            }
            let folder = (page as NSString).deletingLastPathComponent
            for target in Self.links(in: bytes, markdown: page.hasSuffix(".md")) {
                if target.isEmpty || target.hasPrefix("/api/") || target.hasPrefix("#") { continue }
                let path = Self.normalise(folder.isEmpty ? target : folder + "/" + target)
                guard let path else {
                    broken.append("\(page): \(target) leaves the site")
                    continue
                }
                if !FileManager.default.fileExists(atPath: base + "/" + path) {
                    broken.append("\(page): \(target)")
                } else if (path.hasSuffix(".html") || path.hasSuffix(".md")) && seen.insert(path).inserted {
                    queue.append(path)
                }
            }
        }
        return (broken, seen.count)
    }

    /// Relative link targets (fragment and query dropped) in a page's bytes (Foundation's
    /// `range(of:)` does the scanning: the test target is built without optimisation).
    public static func links(in data: Data, markdown: Bool) -> [String] {
        let openers = markdown ? [Data("](".utf8)] : [Data("href=\"".utf8), Data("src=\"".utf8)]
        let closer = markdown ? Data(")".utf8) : Data("\"".utf8)
        var found: [String] = []
        for opener in openers {
            var from = data.startIndex
            while let open = data.range(of: opener, in: from..<data.endIndex) {
                guard let close = data.range(of: closer, in: open.upperBound..<data.endIndex) else { break }
                var target = String(decoding: data[open.upperBound..<close.lowerBound], as: UTF8.self)
                if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<cut]) }
                if !target.contains(":") && !target.contains("\n") { found.append(target) }
                from = close.upperBound
            }
        }
        return found
    }

    /// `a/b/../c` → `a/c`; nil when it climbs above the root.
    public static func normalise(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
