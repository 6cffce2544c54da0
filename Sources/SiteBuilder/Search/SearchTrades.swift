import Hashing
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
    /// A trade and its rows: `[trade, file, [[id, day, time, event, backfill, ms, group, error]…]]`
    /// (each row without the trade and file its entry already names).
    struct Entry: Equatable, Decodable {
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

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            let trade = try fields.decode(String.self)
            let file = try fields.decode(String.self)
            var rows: [SearchRow] = []
            var list = try fields.nestedUnkeyedContainer()
            while !list.isAtEnd {
                var row = try list.nestedUnkeyedContainer()
                let id = try row.decode(Int.self)
                let day = try row.decode(String.self)
                rows.append(
                    SearchRow(
                        id: id, day: day == SearchRow.undated ? nil : day, time: try row.decode(String.self),
                        trade: trade, tradeFile: file, event: try row.decode(String.self),
                        backfill: try row.decode(Int.self) == 1, ms: try row.decodeIfPresent(Int.self),
                        group: try row.decode(String.self), error: try row.decode(String.self)))
            }
            self.init(trade: trade, file: file, rows: rows)
        }
    }

    /// A chunk or list as its parent lists it: its first entry's key and trade, and its name
    /// (`[key, trade, name]`; a link whose name does not match is not ours).
    struct Link: Equatable, Codable {
        var key: [UInt8]
        var trade: String
        var name: String

        init(key: [UInt8], trade: String) {
            self.key = key
            self.trade = trade
            name = Hashing.sha256Hex(key + [0] + Array(trade.utf8), count: 10)
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            let key = try fields.decode(String.self)
            let trade = try fields.decode(String.self)
            let name = try fields.decode(String.self)
            self.init(key: Array(key.utf8), trade: trade)
            guard self.name == name else {
                throw DecodingError.dataCorruptedError(in: fields, debugDescription: "link name does not match")
            }
        }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.unkeyedContainer()
            try fields.encode(String(decoding: key, as: UTF8.self))
            try fields.encode(trade)
            try fields.encode(name)
        }
    }

    /// The search key of a trade id: ASCII letters lowercased, nothing else changed.
    static func key(_ trade: String) -> String {
        String(decoding: trade.utf8.map(keyByte), as: UTF8.self)
    }

    /// A byte of a trade id as its key has it.
    static func keyByte(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    /// Whether `a` sorts before `b` (key bytes, then trade bytes).
    static func precedes(_ a: (key: [UInt8], trade: String), _ b: (key: [UInt8], trade: String)) -> Bool {
        if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
        return a.trade.utf8.lexicographicallyPrecedes(b.trade.utf8)
    }

    /// Whether an entry with `key` starts a chunk (level 1) or a second-level list (level 2).
    static func starts(_ key: [UInt8], level: Int) -> Bool {
        var hash = FNV1a64()
        hash.add(bytes: key)
        return SearchFile.mix(hash.value) % (level == 1 ? 32 : 2_048) == 0
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
            try SearchFile.script("trades/c/\(link.name)", json: Entry.json(chunk)))
        return link
    }

    static func write(list: [Link], _ output: SiteOutput) throws -> Link {
        let link = Link(key: list[0].key, trade: list[0].trade)
        try output.write(
            "search/trades/l/\(link.name).js",
            try SearchFile.script("trades/l/\(link.name)", list))
        return link
    }

    static func write(top: [Link], _ output: SiteOutput) throws {
        try output.write(
            "search/trades/index.js",
            try SearchFile.script("trades/index", top))
    }
}
