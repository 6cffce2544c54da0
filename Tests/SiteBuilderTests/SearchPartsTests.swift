import Foundation
import SiteOutput
import TestSupport
import Testing

@testable import SiteBuilder

/// The parts index of the search (any part of a trade id finds the trade) on a real folder, no
/// database: every part is in it once, sorted, reachable from its block's roots; incremental
/// builds (blocks kept, rebuilt, carried into larger ones) write exactly what a full build writes
/// and leave no file behind. The page's use of it is in `SearchTests`.
@Suite struct SearchPartsTests {
    let site = temporaryFolder("parts").appendingPathComponent("Site")
    /// Small blocks, leaves and lists, so that a few hundred trades make trees several lists deep.
    static let shape = SearchParts.Shape(base: 64, leaf: 16, fanout: 4)

    /// Trades in arrival order; ids of several shapes, one with multi-byte scalars and markup,
    /// one too long to have its parts indexed.
    static func trades(_ range: Range<Int>) -> [SearchParts.Trade] {
        range.map { number in
            let id: String
            if number == 7 {
                return SearchParts.Trade(id: String(repeating: "long", count: 65), first: 10 * number + 3)
            }
            switch number % 5 {
            case 0: id = "2025\(1000 + number % 300)_\(number)_L_\(number % 7)"
            case 1: id = "T<b>|`\(number)`|\"q\" 🚀"
            case 2: id = "Äpfel-\(number)-ÜBER"
            case 3: id = "ab"  // + the number: ab3 is too short to have a part, ab13 has one
            default: id = "zz_new_\(number)"
            }
            return SearchParts.Trade(id: number % 5 == 3 ? "\(id)\(number)" : id, first: 10 * number + 3)
        }
    }

    func write(_ trades: [SearchParts.Trade], into target: URL) throws {
        let output = try SiteOutput(target: target, full: true)
        try output.write("build.json", "{}")
        var arrivals = try SearchParts.Arrivals(trades)
        try SearchParts.write(&arrivals, shape: Self.shape, output: output)
        try output.commit()
    }

    func merge(_ added: [SearchParts.Trade]) throws {
        let output = try SiteOutput(target: site, full: false)
        try SearchParts.merge(.init(added), published: site.appendingPathComponent("search"), output: output)
        try output.commit()
    }

    /// Every file under `search/` of `folder` with its bytes.
    func files(_ folder: URL) throws -> [String: Data] {
        let root = folder.appendingPathComponent("search")
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard let data = FileManager.default.contents(atPath: url.path), !url.hasDirectoryPath else { continue }
            result[String(url.path.dropFirst(root.path.count + 1))] = data
        }
        return result
    }

    func read<Value: Decodable>(_ type: Value.Type, _ name: String) throws -> Value {
        try #require(SearchFile.read(type, site.appendingPathComponent("search/parts/\(name).js")))
    }

    /// The parts a block's tree holds, in its order, checking that each link's name for its child
    /// sorts after every part before the child and not after the child's first part.
    func entries(_ links: [SearchParts.Link], depth: Int) throws -> [SearchParts.Entry] {
        var result: [SearchParts.Entry] = []
        for link in links {
            let separator = Array(link.first.utf8)
            if let before = result.last.map({ Array(Self.part($0).utf8) }) {
                #expect(before.lexicographicallyPrecedes(separator) || before == separator, "\(link)")
            }
            let items: [SearchParts.Entry]
            if depth > 0 {
                items = try entries(try read([SearchParts.Link].self, link.name), depth: depth - 1)
            } else {
                items = try read([SearchParts.Entry].self, link.name)
                #expect(items.count <= Self.shape.leaf)
            }
            let first = Array(try #require(items.first.map(Self.part)).utf8)
            #expect(!first.lexicographicallyPrecedes(separator), "\(link) is not after its child's first part")
            result += items
        }
        return result
    }

    static func part(_ entry: SearchParts.Entry) -> String {
        String(String.UnicodeScalarView(SearchTrades.key(entry.trade).unicodeScalars.dropFirst(entry.offset)))
    }

    @Test(arguments: [SearchParts.Shape.standard, Self.shape])
    func theLayoutIsABinaryCounterOfBaseBlocks(shape: SearchParts.Shape) {
        let base = shape.base
        #expect(SearchParts.layout(0, shape).isEmpty)
        #expect(SearchParts.layout(base - 1, shape) == [0..<(base - 1)])
        #expect(SearchParts.layout(base, shape) == [0..<base])
        #expect(
            SearchParts.layout(3 * base + 1, shape) == [
                0..<(2 * base), (2 * base)..<(3 * base), (3 * base)..<(3 * base + 1),
            ])
        for count in [1, base + 7, 5 * base, 13 * base + 100] {
            let ranges = SearchParts.layout(count, shape)
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
            #expect(
                zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && $0.count > $1.count })
        }
        // Blocks stop growing at `largest` (a place fits in 24 bits): they follow one another.
        let huge = SearchParts.layout(2 * shape.largest + 3 * base, shape)
        #expect(huge.map(\.count) == [shape.largest, shape.largest, 2 * base, base])
        #expect(SearchParts.Shape.standard.largest < 1 << 24)
    }

    @Test func everyPartIsInTheIndexOnceSortedAndReachable() throws {
        let trades = Self.trades(0..<(2 * Self.shape.base + 300))
        try write(trades, into: site)
        let index = try read(SearchParts.Index.self, "index")
        #expect(index.trades == trades.count)
        #expect(index.shape == Self.shape)
        #expect(index.blocks.map { $0.start..<($0.start + $0.count) } == SearchParts.layout(trades.count, Self.shape))
        #expect(index.blocks.contains { $0.depth >= 2 }, "trees several lists deep")
        var all: [SearchParts.Entry] = []
        for block in index.blocks {
            #expect(block.roots.count <= Self.shape.fanout)
            let found = try entries(block.roots, depth: block.depth)
            let parts = found.map { Array(Self.part($0).utf8) }
            #expect(zip(parts, parts.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }, "sorted by bytes")
            let members = try read(SearchParts.Members.self, "m/\(block.name)")
            let expected = trades[block.start..<(block.start + block.count)].map(\.id)
            #expect(Array(members.trades) == expected, "a block holds the trades of its places in arrival order")
            #expect(Set(found.map(\.trade)).isSubset(of: Set(expected)))
            all += found
        }
        // Exactly the parts of every trade: from the second scalar on, at least `minimum` long.
        var expected: [String: Int] = [:]
        for trade in trades {
            let key = SearchTrades.key(trade.id)
            let scalars = key.utf8.count > SearchParts.longestKey ? 0 : key.unicodeScalars.count
            for offset in 1..<max(1, scalars - SearchParts.minimum + 1) {
                expected["\(trade.id)#\(offset)", default: 0] += 1
            }
        }
        var got: [String: Int] = [:]
        for entry in all { got["\(entry.trade)#\(entry.offset)", default: 0] += 1 }
        #expect(got == expected)
        #expect(Self.part(SearchParts.Entry(trade: "T<b>|`1`|\"q\" 🚀", offset: 10)) == "q\" 🚀")
        #expect(expected["ab3#1"] == nil && expected["ab13#1"] == 1, "an id of 3 scalars has no part, of 4 one")
        #expect(!got.keys.contains { $0.hasPrefix("longlong") }, "an id of 260 bytes has none")
    }

    /// The parts come in the order of a plain sort of all of them (by bytes, then by trade id),
    /// whether the groups of a block are gathered all at once, one by one or a few at a time.
    @Test(arguments: [1, 40, SearchParts.placesAtOnce])
    func partsComeSortedWhateverTheBatchOfGroups(batch: Int) throws {
        // Many parts share their first 10 bytes, so ties go past the numbers in hand.
        let trades = try SearchParts.IDs(
            Self.trades(0..<300).map(\.id) + (0..<40).map { "SAME_first_sixteen_\($0 % 7)_\($0)" })
        var got: [String] = []
        SearchParts.forEachPart(trades, batch: batch) { trade, offset, key in
            let entry = SearchParts.Entry(trade: trades[trade], offset: offset)
            #expect(Array(Self.part(entry).utf8) == key.bytes)
            got.append("\(Self.part(entry))\u{0}\(trades[trade])\u{0}\(offset)")
        }
        var plain: [(part: [UInt8], trade: [UInt8], line: String)] = []
        for id in trades {
            let scalars = Array(SearchTrades.key(id).unicodeScalars)
            guard id.utf8.count <= SearchParts.longestKey else { continue }
            for offset in 1..<max(1, scalars.count - SearchParts.minimum + 1) {
                let part = String(String.UnicodeScalarView(scalars[offset...]))
                plain.append((Array(part.utf8), Array(id.utf8), "\(part)\u{0}\(id)\u{0}\(offset)"))
            }
        }
        plain.sort {
            $0.part != $1.part
                ? $0.part.lexicographicallyPrecedes($1.part) : $0.trade.lexicographicallyPrecedes($1.trade)
        }
        #expect(got.count > 2_000)
        #expect(got == plain.map(\.line))
    }

    @Test func aSeparatorIsTheShortestBeginningAfterThePreviousPart() {
        func separator(_ last: String, _ first: String) -> String {
            SearchParts.separator(after: ArraySlice(last.utf8), upTo: ArraySlice(first.utf8))
        }
        #expect(separator("", "0930_bullish") == "0")
        #expect(separator("0912_bearish", "0930_bullish") == "093")
        #expect(separator("0930_bull", "0930_bullish") == "0930_bulli")
        #expect(separator("same", "same") == "same", "a part straddling two leaves")
        #expect(separator("ä", "äö") == "äö", "whole scalars: never half of ö")
        #expect(separator("a", "🚀x") == "🚀")
    }

    @Test func incrementalBuildsWriteWhatAFullBuildWritesAndLeaveNothingBehind() throws {
        let base = Self.shape.base
        // Below one block, across it, a carry through two levels, one more trade, then a
        // build with nothing new.
        let steps = [base - 20, base + 30, 4 * base + 1, 4 * base + 2, 4 * base + 2]
        let all = Self.trades(0..<steps.last!)
        try write(Array(all[0..<steps[0]]), into: site)
        for (from, to) in zip(steps, steps.dropFirst()) {
            // New trades arrive in any order: their first rows' ids place them.
            try merge(Array(all[from..<to]).reversed())
            let full = temporaryFolder("parts-full").appendingPathComponent("Site")
            try write(Array(all[0..<to]), into: full)
            let incremental = try files(site)
            let rebuilt = try files(full)
            #expect(Set(incremental.keys) == Set(rebuilt.keys), "after \(to) trades: the same files")
            for (path, bytes) in rebuilt where incremental[path] != bytes { Issue.record("\(path) differs at \(to)") }
        }
        let index = try read(SearchParts.Index.self, "index")
        #expect(index.blocks.map(\.count) == [4 * base, 2])
    }

    @Test func unreadablePublishedPartsStopTheBuildWithTheirName() throws {
        try write(Self.trades(0..<10), into: site)
        try FileManager.default.removeItem(at: site.appendingPathComponent("search/parts/index.js"))
        #expect(throws: SiteBuildError.self) { try merge(Self.trades(10..<11)) }
        do {
            try merge(Self.trades(10..<11))
        } catch let error as SiteBuildError {
            #expect(error.message.contains("parts/index.js"))
        }
    }
}
