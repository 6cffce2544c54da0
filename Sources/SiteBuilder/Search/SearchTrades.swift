import Foundation
import Hashing
import JSONKit
import SiteOutput

/// The search index's trades: every trade with its rows, sorted by key (the trade id with ASCII
/// letters lowercased, then the id; UTF-8 byte order, as PostgreSQL's `COLLATE "C"` sorts), in
/// chunks (`search/trades/c/<name>.js`, ~32 trades), listed by second-level files
/// (`search/trades/l/<name>.js`, ~64 chunks) that `search/trades/index.js` lists. A lookup of
/// an id or a prefix reads the top list, one second-level list and the chunks its keys fall in.
/// Content-defined sizes vary (the longest of n pieces is about ln n times the mean), so the
/// means are small: at 1,000,000 trades a lookup stays well under 50 KB gzipped.
///
/// A chunk starts at an entry whose key hashes to a multiple of 32 (a second-level list at a
/// multiple of 2,048, which is one too), so the layout depends on the trades alone. A full
/// build streams trades in key order into `Writer`; an incremental build `merge`s its touched
/// trades into the published chunks and lists, which gives the files a full build writes.
enum SearchTrades {
    struct Entry: Equatable {
        var key: [UInt8]
        var trade: String
        var file: String
        var rows: [SearchRow]

        init(trade: String, file: String, rows: [SearchRow]) {
            key = Array(SearchTrades.key(trade).utf8)
            self.trade = trade
            self.file = file
            self.rows = rows
        }

        /// `[trade, file, [[id, day, time, event, backfill, ms, group, error]…]]`.
        var json: String {
            let rows = rows.map { row in
                "[\(row.id),\(JSONText.string(row.day)),\(JSONText.string(row.time)),\(JSONText.string(row.event)),"
                    + "\(row.backfill ? 1 : 0),\(row.ms.map(String.init) ?? "null"),\(JSONText.string(row.group)),"
                    + "\(JSONText.string(row.error))]"
            }
            return "[\(JSONText.string(trade)),\(JSONText.string(file)),[\(rows.joined(separator: ","))]]"
        }

        init?(_ value: Any) {
            guard let fields = value as? [Any], fields.count == 3, let trade = fields[0] as? String,
                let file = fields[1] as? String, let rows = fields[2] as? [[Any]]
            else { return nil }
            var parsed: [SearchRow] = []
            for row in rows {
                guard row.count == 8 else { return nil }
                let full: [Any] = [row[0], row[1], row[2], trade, file, row[3], row[4], row[5], row[6], row[7]]
                guard let searchRow = SearchRow(full as Any) else { return nil }
                parsed.append(searchRow)
            }
            self.init(trade: trade, file: file, rows: parsed)
        }
    }

    /// A chunk or list as its parent lists it: its first entry's key and trade, and its name.
    struct Link: Equatable {
        var key: [UInt8]
        var trade: String
        var name: String

        var json: String {
            "[\(JSONText.string(String(decoding: key, as: UTF8.self))),\(JSONText.string(trade)),\(JSONText.string(name))]"
        }

        init(key: [UInt8], trade: String) {
            self.key = key
            self.trade = trade
            name = Hashing.sha256Hex(key + [0] + Array(trade.utf8), count: 10)
        }

        init?(_ value: Any) {
            guard let fields = value as? [Any], fields.count == 3, let key = fields[0] as? String,
                let trade = fields[1] as? String, let name = fields[2] as? String
            else { return nil }
            self.init(key: Array(key.utf8), trade: trade)
            guard self.name == name else { return nil }
        }
    }

    /// The search key of a trade id: ASCII letters lowercased, nothing else changed.
    static func key(_ trade: String) -> String {
        String(decoding: trade.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `a` sorts before `b` (key bytes, then trade bytes).
    static func precedes(_ a: (key: [UInt8], trade: String), _ b: (key: [UInt8], trade: String)) -> Bool {
        if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
        return a.trade.utf8.lexicographicallyPrecedes(b.trade.utf8)
    }

    /// Whether an entry with `key` starts a chunk (level 1) or a second-level list (level 2).
    static func starts(_ key: [UInt8], level: Int) -> Bool {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SearchFile.mix(hash) % (level == 1 ? 32 : 2_048) == 0
    }

    /// Splits sorted items where `starts` says (the first item always starts a piece).
    static func split<Item>(_ items: [Item], level: Int, key: (Item) -> [UInt8]) -> [[Item]] {
        var pieces: [[Item]] = []
        for item in items {
            if pieces.isEmpty || starts(key(item), level: level) { pieces.append([]) }
            pieces[pieces.count - 1].append(item)
        }
        return pieces
    }

    static func write(_ chunk: [Entry], _ output: SiteOutput) throws -> Link {
        let link = Link(key: chunk[0].key, trade: chunk[0].trade)
        try output.write(
            "search/trades/c/\(link.name).js",
            SearchFile.script("trades/c/\(link.name)", "[" + chunk.map(\.json).joined(separator: ",") + "]"))
        return link
    }

    static func write(list: [Link], _ output: SiteOutput) throws -> Link {
        let link = Link(key: list[0].key, trade: list[0].trade)
        try output.write(
            "search/trades/l/\(link.name).js",
            SearchFile.script("trades/l/\(link.name)", "[" + list.map(\.json).joined(separator: ",") + "]"))
        return link
    }

    static func write(top: [Link], _ output: SiteOutput) throws {
        try output.write(
            "search/trades/index.js",
            SearchFile.script("trades/index", "[" + top.map(\.json).joined(separator: ",") + "]"))
    }
}
