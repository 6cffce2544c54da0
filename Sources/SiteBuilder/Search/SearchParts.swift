import Foundation

/// The search index's parts of trade ids, so that any part of an id of at least `minimum`
/// characters finds the trade (its beginning is the trade index's job): every suffix of every
/// trade key that starts after the first character and is `minimum` or more characters long,
/// sorted, so that the parts beginning with a query are one run.
///
/// New rows add parts all over the sorted order, so one sorted list would be rewritten almost
/// whole by every build. The trades are therefore cut in blocks by arrival (the order of their
/// first rows' ids, which only grows) with the sizes of a binary counter: `Shape.base` trades
/// times the powers of two of the count's bits, largest first, then the rest. Each block is sorted on its
/// own and never changes until a carry merges it with the blocks after it, as a counter's bits
/// do; a build rewrites the blocks its new trades fall in, and a lookup reads one run per block
/// (about log₂(trades / base) of them). The layout depends on the trades alone, so an
/// incremental build writes exactly what a full build would.
///
/// Files (all `SearchFile` scripts): `search/parts/index.js` (the blocks and their roots),
/// `search/parts/<name>.js` (leaves of `Shape.leaf` parts and lists of `Shape.fanout` links, named by
/// their content) and `search/parts/m/<block>.js` (a block's trades and files, for builds).
enum SearchParts {
    /// The shortest part a query may look up, in Unicode scalars.
    static let minimum = 3
    /// The longest key (UTF-8 bytes) whose parts are indexed: every entry names its trade, so a
    /// key of n bytes costs about n² bytes; a longer id is still found by its beginning.
    static let longestKey = 256

    /// How the parts are cut, recorded in the index (an incremental build keeps the shape it
    /// finds; tests use small ones).
    struct Shape: Equatable, Codable {
        /// Trades in the smallest block.
        var base: Int
        /// Parts in a leaf.
        var leaf: Int
        /// Links in a list (and at most as many roots per block).
        var fanout: Int

        /// 4,096-trade blocks (a lookup reads about log₂(trades / 4,096) of them; the build
        /// after new rows rewrites the last block, up to 4,095 trades, with the new ones), leaves
        /// of 256 parts (about 1.5 KB gzipped) and lists of 64 links (about 0.8 KB).
        static let standard = Shape(base: 4_096, leaf: 256, fanout: 64)

        /// The largest block, `base` × 2¹¹ (8,388,608 trades at the standard base): blocks of
        /// this size never merge, and a part's place (trade, byte) fits in 32 bits.
        var largest: Int { base << 11 }
    }

    /// A trade with its first row's id (its place in the arrival order).
    struct Trade: Equatable {
        var id: String
        var first: Int
    }

    /// A part: `[trade, offset]`, the trade's key from Unicode scalar `offset` on (written by
    /// `json(_:)`, read as Decodable).
    struct Entry: Equatable, Decodable {
        var trade: String
        var offset: Int
    }

    /// A leaf or list as its parent lists it: `[separator, file name]`, the separator sorting
    /// after every part before the child and not after its first (written by `json(_:)`).
    struct Link: Equatable, Codable {
        var first: String
        var name: String

        func encode(to encoder: any Encoder) throws {
            try encoder.encodePositions(first, name)
        }
    }

    /// A block: `[name, first trade's place, trades, list levels below the roots, roots]`.
    struct Block: Equatable, Codable {
        var name: String
        var start: Int
        var count: Int
        var depth: Int
        var roots: [Link]

        init(name: String, start: Int, count: Int, depth: Int, roots: [Link]) {
            (self.name, self.start, self.count, self.depth, self.roots) = (name, start, count, depth, roots)
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            name = try fields.decode(String.self)
            start = try fields.decode(Int.self)
            count = try fields.decode(Int.self)
            depth = try fields.decode(Int.self)
            roots = try fields.decode([Link].self)
        }

        func encode(to encoder: any Encoder) throws {
            try encoder.encodePositions(name, start, count, depth, roots)
        }
    }

    /// `search/parts/index.js`.
    struct Index: Equatable, Codable {
        var shape: Shape
        var minimum: Int
        var trades: Int
        var blocks: [Block]
    }

    /// `search/parts/m/<block>.js`: a block's trades in arrival order and its files' names.
    struct Members: Equatable, Codable {
        var trades: IDs
        var files: [String]
    }

    /// The blocks of `count` trades in arrival order: as many `largest` blocks as fit, then
    /// `base` times each power of two in what is left divided by `base`, largest first, then
    /// the remainder.
    static func layout(_ count: Int, _ shape: Shape = .standard) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while count - start >= shape.largest {
            ranges.append(start..<(start + shape.largest))
            start += shape.largest
        }
        let whole = (count - start) / shape.base
        for bit in stride(from: 10, through: 0, by: -1) where whole & (1 << bit) != 0 {
            ranges.append(start..<(start + shape.base << bit))
            start += shape.base << bit
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }

    /// The site path of a leaf or list.
    static func path(_ name: String) -> String { "search/parts/\(name).js" }

    /// The site path of a block's members.
    static func membersPath(_ block: String) -> String { "search/parts/m/\(block).js" }
}

// Decoded from positions in extensions, so that the types keep their memberwise initialisers.
extension SearchParts.Entry {
    init(from decoder: any Decoder) throws {
        (trade, offset) = try decoder.decodePositions()
    }
}

extension SearchParts.Link {
    init(from decoder: any Decoder) throws {
        (first, name) = try decoder.decodePositions()
    }
}
