extension SearchParts {
    /// A part while sorting: the 8 bytes after its group's two as a big-endian number
    /// (zero-padded), its trade's rank by id, and where it is (`trade << 8 | byte offset in the
    /// key`). 16 bytes: the largest group of a million-row build holds some 700,000 parts.
    private struct Part {
        var word: UInt64
        var rank: UInt32
        var place: UInt32
    }

    /// A part's key bytes, read where the ids are kept; `bytes` makes the (lowercased) copy.
    struct PartKey {
        fileprivate let storage: [UInt8]
        fileprivate let range: Range<Int>

        static let empty = PartKey(storage: [], range: 0..<0)

        /// The part's bytes as its key has them.
        var bytes: [UInt8] { storage[range].map(SearchTrades.keyByte) }
    }

    /// The keys of a block's trades, read from the ids where they are kept (lowercased as they
    /// are read, not copied): key `t` is `storage[starts[t]..<ends[t]]` (empty for a key longer
    /// than `longestKey`, which has no parts and keeps a byte offset in 8 bits).
    private struct Keys {
        let storage: [UInt8]
        var starts: [UInt32] = []
        var ends: [UInt32] = []

        init(_ trades: some TradeIDList) {
            storage = trades.storage
            starts.reserveCapacity(trades.count)
            ends.reserveCapacity(trades.count)
            for trade in trades.indices {
                let bounds = trades.bounds(trade)
                starts.append(UInt32(bounds.lowerBound))
                ends.append(UInt32(bounds.count <= longestKey ? bounds.upperBound : bounds.lowerBound))
            }
        }

        func start(_ trade: Int) -> Int { Int(starts[trade]) }
        func end(_ trade: Int) -> Int { Int(ends[trade]) }

        /// The key byte at `index` of the storage.
        @inline(__always)
        func byte(_ index: Int) -> UInt8 { SearchTrades.keyByte(storage[index]) }

        /// Calls `body` with the trade and byte position of every part: a part starts at a
        /// scalar from the key's second on and leaves at least `minimum` scalars.
        func forEachStart(_ body: (Int, Int) -> Void) {
            for trade in starts.indices {
                let range = start(trade)..<end(trade)
                let scalars = range.reduce(0) { $0 + (storage[$1] & 0xC0 == 0x80 ? 0 : 1) }
                guard scalars > minimum else { continue }
                var number = 0
                for at in range where storage[at] & 0xC0 != 0x80 {
                    if number >= 1 && number <= scalars - minimum { body(trade, at) }
                    number += 1
                }
            }
        }

        /// The group of the part at `at` of `trade`'s key: its first two bytes (a part has at
        /// least three).
        func group(_ trade: Int, _ at: Int) -> Int {
            Int(byte(at)) << 8 | Int(byte(at + 1))
        }

        /// The 8 bytes from `at` of `trade`'s key as a big-endian number, zero-padded.
        func word(_ trade: Int, _ at: Int) -> UInt64 {
            var value: UInt64 = 0
            let end = end(trade)
            for index in at..<(at + 8) {
                value = value << 8 | UInt64(index < end ? byte(index) : 0)
            }
            return value
        }

        /// Where `part` starts in the storage.
        func position(_ part: Part) -> Int {
            start(Int(part.place >> 8)) + Int(part.place & 0xFF)
        }

        /// Whether the part at `a` sorts before the one at `b` given that their first 10 bytes
        /// (the group's two and the word's eight) are equal: by the bytes after them, the
        /// shorter first, then by the trade's rank in the arrival order (`Part.rank`).
        func precedes(_ a: Part, _ b: Part) -> Bool {
            var i = position(a) + 10
            var j = position(b) + 10
            let (endX, endY) = (end(Int(a.place >> 8)), end(Int(b.place >> 8)))
            while i < endX, j < endY {
                let (x, y) = (byte(i), byte(j))
                if x != y { return x < y }
                i += 1
                j += 1
            }
            let (lengthX, lengthY) = (endX - i, endY - j)
            if lengthX != lengthY { return lengthX < lengthY }
            return a.rank < b.rank
        }

        /// The key of the part at `at` of `trade`.
        func key(_ trade: Int, _ at: Int) -> PartKey {
            PartKey(storage: storage, range: at..<end(trade))
        }
    }

    /// Places (`trade << 8 | byte offset`) held at once while sorting a block: 4 MB of them.
    static let placesAtOnce = 1 << 20

    /// Calls `body` with every part of `trades` (the trade's position, the part's offset in
    /// Unicode scalars, its key) in sorted order: by bytes, then by trade id. The keys are read
    /// where the ids are kept; the parts are counted into groups by their first two bytes, the
    /// places of a batch of groups (`batch` at most, or one group) are gathered, and each group
    /// is sorted on its own (mostly by the 8 bytes in hand), so that memory holds one batch's
    /// numbers and one group's sort records, not every part of the block.
    static func forEachPart(
        _ trades: some TradeIDList, batch: Int = placesAtOnce, _ body: (Int, Int, PartKey) throws -> Void
    ) rethrows {
        precondition(trades.count < 1 << 24, "a block holds fewer than 2^24 trades (see Shape.largest)")
        let keys = Keys(trades)
        let ranks = rankByID(trades)
        var starts = [Int](repeating: 0, count: (1 << 16) + 1)
        keys.forEachStart { trade, at in starts[keys.group(trade, at) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var first = 0
        while first < 1 << 16 {
            var end = first + 1
            while end < 1 << 16, starts[end + 1] - starts[first] <= batch { end += 1 }
            let places = gather(keys, starts, groups: first..<end)
            for group in first..<end where starts[group + 1] > starts[group] {
                let slice = places[(starts[group] - starts[first])..<(starts[group + 1] - starts[first])]
                for part in sorted(slice, keys, ranks) {
                    let trade = Int(part.place >> 8)
                    let at = keys.position(part)
                    let scalar = keys.storage[keys.start(trade)..<at].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                    try body(trade, scalar, keys.key(trade, at))
                }
            }
            first = end
        }
    }

    /// The places of the parts in `groups`, grouped (a counting sort): group g's are at
    /// `starts[g] - starts[groups.lowerBound]` on.
    private static func gather(_ keys: Keys, _ starts: [Int], groups: Range<Int>) -> [UInt32] {
        let base = starts[groups.lowerBound]
        var next = Array(starts[groups].lazy.map { $0 - base })
        var places = [UInt32](repeating: 0, count: starts[groups.upperBound] - base)
        keys.forEachStart { trade, at in
            let group = keys.group(trade, at)
            guard groups.contains(group) else { return }
            places[next[group - groups.lowerBound]] = UInt32(trade) << 8 | UInt32(at - keys.start(trade))
            next[group - groups.lowerBound] += 1
        }
        return places
    }

    /// One group's parts in sorted order.
    private static func sorted(_ places: ArraySlice<UInt32>, _ keys: Keys, _ ranks: [UInt32]) -> [Part] {
        var parts = places.map { place -> Part in
            let trade = Int(place >> 8)
            let at = keys.start(trade) + Int(place & 0xFF)
            return Part(word: keys.word(trade, at + 2), rank: ranks[trade], place: place)
        }
        parts.sort { a, b in a.word != b.word ? a.word < b.word : keys.precedes(a, b) }
        return parts
    }

    /// Each trade's rank among `trades` by id bytes (ties between parts fall to it).
    private static func rankByID(_ trades: some TradeIDList) -> [UInt32] {
        let order = trades.indices.sorted { trades.utf8($0).lexicographicallyPrecedes(trades.utf8($1)) }
        var ranks = [UInt32](repeating: 0, count: trades.count)
        for (rank, trade) in order.enumerated() { ranks[trade] = UInt32(rank) }
        return ranks
    }
}
