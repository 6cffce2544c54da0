import Foundation
import SiteOutput

extension SearchParts {
    /// The trade of a trade index entry, placed by its first row.
    static func trade(_ entry: SearchTrades.Entry) -> Trade {
        Trade(id: entry.trade, first: entry.rows.lazy.map(\.id).min() ?? Int.max)
    }

    /// A full build's parts: every trade in arrival order, cut as `layout` says for `shape`.
    /// The trades' first rows are forgotten once they are in order (`takeArrivalOrder`), and a
    /// block reads its ids from `trades` where they are: at 1,000,000 rows the largest block
    /// holds half the trades.
    static func write(_ trades: inout Arrivals, shape: Shape = .standard, output: SiteOutput) throws {
        let order = trades.takeArrivalOrder()
        let ids = trades.ids
        let blocks = try layout(order.count, shape).map { range in
            let members = IDs.Picked(all: ids, positions: order[range])
            return try writeBlock(members, start: range.lowerBound, shape: shape, output: output).block
        }
        try writeIndex(Index(shape: shape, minimum: minimum, trades: order.count, blocks: blocks), output: output)
    }

    /// An incremental build's new trades added to the published parts at `published` (the
    /// `search` folder): the blocks that the new count's layout keeps stay as they are; the
    /// others are rebuilt from their members and the new trades, and their files that the new
    /// blocks do not write again go.
    static func merge(_ added: Arrivals, published: URL, output: SiteOutput) throws {
        guard added.count > 0 else { return }
        guard let index = SearchFile.read(Index.self, published.appendingPathComponent("parts/index.js")) else {
            throw unreadable("parts/index")
        }
        let ranges = layout(index.trades + added.count, index.shape)
        var kept = 0
        while kept < index.blocks.count, kept < ranges.count,
            index.blocks[kept].start == ranges[kept].lowerBound, index.blocks[kept].count == ranges[kept].count
        {
            kept += 1
        }
        var trades = IDs()
        var old: [String] = []
        for block in index.blocks[kept...] {
            guard
                let members = SearchFile.read(
                    Members.self, published.appendingPathComponent("parts/m/\(block.name).js"))
            else { throw unreadable("parts/m/\(block.name)") }
            try trades.append(contentsOf: members.trades)
            old += members.files.map(path) + [membersPath(block.name)]
        }
        try trades.append(contentsOf: IDs.Picked(all: added.ids, positions: added.arrivalOrder()[...]))
        let from = kept < index.blocks.count ? index.blocks[kept].start : index.trades
        let places = Array(0..<UInt32(trades.count))
        var blocks = Array(index.blocks[..<kept])
        var written: Set<String> = []
        for range in ranges[kept...] {
            let members = IDs.Picked(
                all: trades, positions: places[(range.lowerBound - from)..<(range.upperBound - from)])
            let (block, files) = try writeBlock(members, start: range.lowerBound, shape: index.shape, output: output)
            blocks.append(block)
            written.formUnion(files.map(path) + [membersPath(block.name)])
        }
        for file in old where !written.contains(file) { try output.remove(file) }
        try writeIndex(
            Index(shape: index.shape, minimum: minimum, trades: index.trades + added.count, blocks: blocks),
            output: output)
    }

    private static func writeIndex(_ index: Index, output: SiteOutput) throws {
        try output.write("search/parts/index.js", try SearchFile.script("parts/index", index))
    }

    private static func unreadable(_ name: String) -> SiteBuildError {
        SiteBuildError(
            step: "write search index", code: .unreadablePublishedFile,
            message: "the published search file \(name).js cannot be read")
    }
}
