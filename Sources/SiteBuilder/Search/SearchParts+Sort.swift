extension SearchParts {
    /// A part while sorting: its first 16 bytes as two big-endian numbers (zero-padded), its
    /// trade's rank by id, and where it is (`trade << 8 | byte offset in the key`).
    private struct Part {
        var high: UInt64
        var low: UInt64
        var rank: UInt32
        var place: UInt32
    }

    /// The keys of a block's trades in one byte array: key `t` is `bytes[bounds[t]..<bounds[t + 1]]`
    /// (empty for a key longer than `longestKey`, which has no parts and keeps a byte offset in 8 bits).
    private struct Keys {
        var bytes: [UInt8] = []
        var bounds: [Int] = [0]

        init(_ trades: some TradeIDList) {
            for trade in trades.indices {
                let id = trades.utf8(trade)
                if id.count <= longestKey { bytes += id.lazy.map(SearchTrades.keyByte) }
                bounds.append(bytes.count)
            }
        }

        /// Calls `body` with the trade and byte position of every part: a part starts at a
        /// scalar from the key's second on and leaves at least `minimum` scalars.
        func forEachStart(_ body: (Int, Int) -> Void) {
            for trade in 0..<(bounds.count - 1) {
                let range = bounds[trade]..<bounds[trade + 1]
                let scalars = range.reduce(0) { $0 + (bytes[$1] & 0xC0 == 0x80 ? 0 : 1) }
                guard scalars > minimum else { continue }
                var number = 0
                for at in range where bytes[at] & 0xC0 != 0x80 {
                    if number >= 1 && number <= scalars - minimum { body(trade, at) }
                    number += 1
                }
            }
        }

        /// The group of the part at `at` of `trade`'s key: its first two bytes.
        func group(_ trade: Int, _ at: Int) -> Int {
            Int(bytes[at]) << 8 | (at + 1 < bounds[trade + 1] ? Int(bytes[at + 1]) : 0)
        }

        /// The 8 bytes from `at` of `trade`'s key as a big-endian number, zero-padded.
        func word(_ trade: Int, _ at: Int) -> UInt64 {
            var value: UInt64 = 0
            let end = bounds[trade + 1]
            for index in at..<(at + 8) {
                value = value << 8 | UInt64(index < end ? bytes[index] : 0)
            }
            return value
        }

        /// Whether the part at `a` sorts before the one at `b` given that their first 16 bytes
        /// are equal: by the bytes after them, the shorter first, then by trade (`ranks`).
        func precedes(_ a: Part, _ b: Part, ranks: [UInt32]) -> Bool {
            let (x, y) = (Int(a.place >> 8), Int(b.place >> 8))
            var i = bounds[x] + Int(a.place & 0xFF) + 16
            var j = bounds[y] + Int(b.place & 0xFF) + 16
            let (endX, endY) = (bounds[x + 1], bounds[y + 1])
            while i < endX, j < endY {
                if bytes[i] != bytes[j] { return bytes[i] < bytes[j] }
                i += 1
                j += 1
            }
            let (lengthX, lengthY) = (endX - i, endY - j)
            if lengthX != lengthY { return lengthX < lengthY }
            return a.rank < b.rank
        }
    }

    /// Places (`trade << 8 | byte offset`) held at once while sorting a block: 4 MB of them.
    static let placesAtOnce = 1 << 20

    /// Calls `body` with every part of `trades` (the trade's position, the part's offset in
    /// Unicode scalars, its bytes) in sorted order: by bytes, then by trade id. The keys sit in
    /// one byte array; the parts are counted into groups by their first two bytes, the places of
    /// a batch of groups (`batch` at most, or one group) are gathered, and each group is sorted on
    /// its own (mostly by the 16 bytes in hand), so that memory holds one batch's numbers and
    /// one group's sort records, not every part of the block.
    static func forEachPart(
        _ trades: some TradeIDList, batch: Int = placesAtOnce, _ body: (Int, Int, ArraySlice<UInt8>) throws -> Void
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
                    let (key, at) = (keys.bounds[trade], keys.bounds[trade] + Int(part.place & 0xFF))
                    let scalar = keys.bytes[key..<at].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                    try body(trade, scalar, keys.bytes[at..<keys.bounds[trade + 1]])
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
            places[next[group - groups.lowerBound]] = UInt32(trade) << 8 | UInt32(at - keys.bounds[trade])
            next[group - groups.lowerBound] += 1
        }
        return places
    }

    /// One group's parts in sorted order.
    private static func sorted(_ places: ArraySlice<UInt32>, _ keys: Keys, _ ranks: [UInt32]) -> [Part] {
        var parts = places.map { place -> Part in
            let trade = Int(place >> 8)
            let at = keys.bounds[trade] + Int(place & 0xFF)
            return Part(high: keys.word(trade, at), low: keys.word(trade, at + 8), rank: ranks[trade], place: place)
        }
        parts.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return keys.precedes(a, b, ranks: ranks)
        }
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
