import Foundation
import SiteOutput

extension SearchTrades {
    /// A full build's trade index: trades arrive in key order and chunks are written as they end.
    final class Writer {
        private let output: SiteOutput
        private var chunk: [Entry] = []
        private var list: [Link] = []
        private var top: [Link] = []
        private var parts = SearchParts.Arrivals()

        init(output: SiteOutput) {
            self.output = output
        }

        func add(_ entry: Entry) throws {
            if !chunk.isEmpty, starts(entry.key, level: 1) {
                list.append(try write(chunk, output))
                chunk.removeAll(keepingCapacity: true)
                if starts(entry.key, level: 2) { try closeList() }
            }
            chunk.append(entry)
            try parts.append(SearchParts.trade(entry))
        }

        private func closeList() throws {
            guard !list.isEmpty else { return }
            top.append(try write(list: list, output))
            list.removeAll(keepingCapacity: true)
        }

        func finish() throws {
            if !chunk.isEmpty { list.append(try write(chunk, output)) }
            chunk.removeAll()
            try closeList()
            try write(top: top, output)
            try SearchParts.write(&parts, output: output)
        }
    }

    /// An incremental build's trades (their entries, all rows, sorted by key) merged into the
    /// published index at `published`: the chunks and lists they fall in are read, merged,
    /// split where a full build would split them and written; files whose name changed go. The
    /// trades that were not published before are added to the parts (`SearchParts.merge`).
    static func merge(_ updates: [Entry], published: Published, output: SiteOutput) throws {
        guard !updates.isEmpty else { return }
        var added = SearchParts.Arrivals()
        let top = try published.links("trades/index")
        if top.isEmpty {
            let writer = Writer(output: output)
            for entry in updates { try writer.add(entry) }
            try writer.finish()
            return
        }
        let newTop = try mergeLevel(top, updates) { link, mine in
            let list = try published.links("trades/l/\(link.name)")
            let merged = try mergeList(list, mine, published: published, output: output) { try added.append($0) }
            let pieces = split(merged, level: 2) { $0.key }
            let written = try pieces.map { try write(list: $0, output) }
            if !pieces.contains(where: { $0[0].name == link.name }) {
                try output.remove("search/trades/l/\(link.name).js")
            }
            return written
        }
        try write(top: newTop, output)
        try SearchParts.merge(added, published: published.folder, output: output)
    }

    /// The chunks of one second-level list with `updates` merged in; `added` gets the trades the
    /// chunks did not hold.
    private static func mergeList(
        _ list: [Link], _ updates: [Entry], published: Published, output: SiteOutput,
        added: (SearchParts.Trade) throws -> Void
    ) throws -> [Link] {
        try mergeLevel(list, updates) { link, mine in
            let chunk = try published.entries("trades/c/\(link.name)")
            var byTrade = Dictionary(chunk.map { ($0.trade, $0) }, uniquingKeysWith: { $1 })
            for entry in mine {
                if byTrade.updateValue(entry, forKey: entry.trade) == nil { try added(SearchParts.trade(entry)) }
            }
            let sorted = byTrade.values.sorted { precedes(($0.key, $0.trade), ($1.key, $1.trade)) }
            let pieces = split(sorted, level: 1) { $0.key }
            let written = try pieces.map { try write($0, output) }
            if !pieces.contains(where: { Link(key: $0[0].key, trade: $0[0].trade).name == link.name }) {
                try output.remove("search/trades/c/\(link.name).js")
            }
            return written
        }
    }

    /// The ids of the rows the published index at `published` (the `search` folder) lists for
    /// `trades` (ids as stored, none masked): the top list, the second-level lists and the
    /// chunks their keys fall in. A trade the index does not list has none.
    static func publishedRowIDs(of trades: [String], published: Published) throws -> [Int] {
        let top = try published.links("trades/index")
        let probes = trades.map { Entry(trade: $0, file: "", rows: []) }
        var ids: [Int] = []
        for (position, mine) in group(probes, by: top.map { ($0.key, $0.trade) }) where position >= 0 {
            let list = try published.links("trades/l/\(top[position].name)")
            for (at, inChunk) in group(mine, by: list.map { ($0.key, $0.trade) }) where at >= 0 {
                let wanted = Set(inChunk.map(\.trade))
                for entry in try published.entries("trades/c/\(list[at].name)") where wanted.contains(entry.trade) {
                    ids += entry.rows.map(\.id)
                }
            }
        }
        return ids
    }

    /// `bounds` with `updates` merged in, one level of the index: a link whose range gets
    /// updates is replaced by what `rewrite` makes of it and them (updates before every link go
    /// to the first); the others stay as they are.
    private static func mergeLevel(_ bounds: [Link], _ updates: [Entry], rewrite: (Link, [Entry]) throws -> [Link])
        rethrows -> [Link]
    {
        var groups = group(updates, by: bounds.map { ($0.key, $0.trade) })
        if let before = groups.removeValue(forKey: -1) { groups[0] = before + (groups[0] ?? []) }
        var result: [Link] = []
        for (position, link) in bounds.enumerated() {
            if let mine = groups[position] { result += try rewrite(link, mine) } else { result.append(link) }
        }
        return result
    }

    /// Updates by the position of the last bound not after them (-1: before every bound).
    private static func group(_ updates: [Entry], by bounds: [([UInt8], String)]) -> [Int: [Entry]] {
        var groups: [Int: [Entry]] = [:]
        for entry in updates {
            var low = 0
            var high = bounds.count
            while low < high {
                let middle = (low + high) / 2
                if precedes((entry.key, entry.trade), (bounds[middle].0, bounds[middle].1)) {
                    high = middle
                } else {
                    low = middle + 1
                }
            }
            groups[low - 1, default: []].append(entry)
        }
        return groups
    }

    /// The published trade index's lists and chunks (`search/trades/…` under `folder`), each
    /// read and decoded once per build: the lookup of the touched trades' rows and the merge
    /// read the same ones.
    final class Published {
        let folder: URL
        private var lists: [String: [Link]] = [:]
        private var chunks: [String: [Entry]] = [:]

        init(_ folder: URL) {
            self.folder = folder
        }

        func links(_ name: String) throws -> [Link] {
            if let known = lists[name] { return known }
            let read = try SearchTrades.read([Link].self, folder, name)
            lists[name] = read
            return read
        }

        func entries(_ name: String) throws -> [Entry] {
            if let known = chunks[name] { return known }
            let read = try SearchTrades.read([Entry].self, folder, name)
            chunks[name] = read
            return read
        }
    }

    private static func read<Value: Decodable>(_ type: Value.Type, _ published: URL, _ name: String) throws -> Value {
        guard let value = SearchFile.read(type, published.appendingPathComponent("\(name).js")) else {
            throw unreadable(name)
        }
        return value
    }

    private static func unreadable(_ name: String) -> SiteBuildError {
        SiteBuildError(
            step: "write search index", code: .unreadablePublishedFile,
            message: "the published search file \(name).js cannot be read")
    }
}
