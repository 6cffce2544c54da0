public import Foundation

/// Follows the search index as `assets/search.js` does (meta → day summaries → row chunks;
/// trades/index → lists → trade chunks) and reports every reference a reader's search would find
/// missing: a file that is not there, a file that loads under another name, a row or trade page
/// a result would link to that does not exist.
public struct SearchIndexCrawler: Sendable {
    public let root: URL

    /// A crawler of the search index of the site in `root`.
    public init(root: URL) { self.root = root }

    /// What a search would find missing, as "file: what", and the row ids the day chunks hold.
    public func brokenReferences() -> (broken: [String], rowIDs: Set<Int>) {
        var broken: [String] = []
        var rowIDs = Set<Int>()
        func load(_ name: String) -> Any? {
            switch Self.read(root.appendingPathComponent("search/\(name).js")) {
            case .missing:
                broken.append("search/\(name).js is missing")
            case .malformed(let why):
                broken.append("search/\(name).js: \(why)")
            case .loaded(let loadedName, let data):
                if loadedName == name { return data }
                broken.append("search/\(name).js loads as \(loadedName)")
            }
            return nil
        }
        func page(_ path: String, from file: String) {
            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
                broken.append("\(file): \(path)")
            }
        }
        let meta = load("meta") as? [String: Any]
        for day in (meta?["days"] as? [[Any]] ?? []).compactMap({ $0.first as? String }) {
            let summary = load("days/\(day)") as? [String: Any]
            for chunk in (summary?["chunks"] as? [[Any]] ?? []).compactMap({ $0.first }) {
                let name = "rows/\(day)/\(chunk)"
                for row in load(name) as? [[Any]] ?? [] {
                    guard let id = row.first as? Int else { continue }
                    rowIDs.insert(id)
                    page("telemetry/\(id).html", from: name)
                    if row.count > 4, let trade = row[4] as? String, !trade.isEmpty {
                        page("trades/\(trade).html", from: name)
                    }
                }
            }
        }
        _ = load("groups")
        for list in Self.names(load("trades/index")) {
            for chunk in Self.names(load("trades/l/\(list)")) {
                for entry in load("trades/c/\(chunk)") as? [[Any]] ?? [] {
                    guard entry.count > 2, let trade = entry[1] as? String else { continue }
                    page("trades/\(trade).html", from: "trades/c/\(chunk)")
                    for case let row as [Any] in entry[2] as? [Any] ?? [] {
                        if let id = row.first as? Int { page("telemetry/\(id).html", from: "trades/c/\(chunk)") }
                    }
                }
            }
        }
        return (broken, rowIDs)
    }

    /// The file names (third field) of an index level's links.
    public static func names(_ level: Any?) -> [String] {
        (level as? [[Any]] ?? []).compactMap { $0.count > 2 ? $0[2] as? String : nil }
    }

    public enum File {
        case missing
        case malformed(String)
        case loaded(name: String, data: Any)
    }

    /// A search data file: `TS_SEARCH_LOAD("name",<JSON>);`.
    public static func read(_ url: URL) -> File {
        guard let bytes = FileManager.default.contents(atPath: url.path) else { return .missing }
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = "TS_SEARCH_LOAD(\""
        guard text.hasPrefix(prefix), text.hasSuffix(");\n"),
            let close = text.range(
                of: "\",", range: text.index(text.startIndex, offsetBy: prefix.count)..<text.endIndex)
        else { return .malformed("not one TS_SEARCH_LOAD call") }
        let name = String(text[text.index(text.startIndex, offsetBy: prefix.count)..<close.lowerBound])
        let json = text[close.upperBound..<text.index(text.endIndex, offsetBy: -3)]
        guard let data = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) else {
            return .malformed("its data is not JSON")
        }
        return .loaded(name: name, data: data)
    }
}
