extension SearchParts {
    /// A part while sorting: its first 16 bytes as two big-endian numbers (zero-padded), its
    /// trade's rank by id, and where it is (`trade << 8 | byte offset in the key`).
    private struct Part {
        var high: UInt64
        var low: UInt64
        var rank: UInt32
        var place: UInt32
    }

    /// Calls `body` with every part of `trades` (the trade's position, the part's offset in
    /// Unicode scalars, its bytes) in sorted order: by bytes, then by trade id. The keys sit in
    /// one byte array; the parts are counted into groups by their first two bytes, and each
    /// group is sorted on its own (mostly by the 16 bytes in hand), so memory holds one number
    /// per part and one group's sort records.
    static func forEachPart(_ trades: [String], _ body: (Int, Int, ArraySlice<UInt8>) throws -> Void) rethrows {
        precondition(trades.count < 1 << 24, "a block holds fewer than 2^24 trades (see Shape.largest)")
        var bytes: [UInt8] = []
        var bounds: [Int] = [0]
        for trade in trades {
            let key = SearchTrades.key(trade).utf8
            // A key longer than `longestKey` has no parts (keeps a byte offset in 8 bits).
            if key.count <= longestKey { bytes += key }
            bounds.append(bytes.count)
        }
        let ranks = rankByID(trades)
        let places = groupedPlaces(bytes, bounds)
        for group in 0..<(1 << 16) where places.starts[group + 1] > places.starts[group] {
            var parts = places.all[places.starts[group]..<places.starts[group + 1]].map { place -> Part in
                let trade = Int(place >> 8)
                let at = bounds[trade] + Int(place & 0xFF)
                return Part(
                    high: word(bytes, at, bounds[trade + 1]), low: word(bytes, at + 8, bounds[trade + 1]),
                    rank: ranks[trade], place: place)
            }
            parts.sort { a, b in
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                let (x, y) = (Int(a.place >> 8), Int(b.place >> 8))
                var i = bounds[x] + Int(a.place & 0xFF) + 16
                var j = bounds[y] + Int(b.place & 0xFF) + 16
                let (endX, endY) = (bounds[x + 1], bounds[y + 1])
                while i < endX, j < endY {
                    if bytes[i] != bytes[j] { return bytes[i] < bytes[j] }
                    i += 1
                    j += 1
                }
                // Equal as far as the shorter goes: the shorter first, then by trade.
                let (lengthX, lengthY) = (endX - i, endY - j)
                if lengthX != lengthY { return lengthX < lengthY }
                return a.rank < b.rank
            }
            for part in parts {
                let trade = Int(part.place >> 8)
                let (key, at) = (bounds[trade], bounds[trade] + Int(part.place & 0xFF))
                let scalar = bytes[key..<at].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                try body(trade, scalar, bytes[at..<bounds[trade + 1]])
            }
        }
    }

    /// Each trade's rank among `trades` by id bytes (ties between parts fall to it).
    private static func rankByID(_ trades: [String]) -> [UInt32] {
        let order = trades.indices.sorted { trades[$0].utf8.lexicographicallyPrecedes(trades[$1].utf8) }
        var ranks = [UInt32](repeating: 0, count: trades.count)
        for (rank, trade) in order.enumerated() { ranks[trade] = UInt32(rank) }
        return ranks
    }

    /// Every part's place (`trade << 8 | byte offset`), grouped by the part's first two bytes
    /// (a counting sort): group g's places are `all[starts[g]..<starts[g + 1]]`. A part starts
    /// at a scalar from the key's second on and leaves at least `minimum` scalars.
    private static func groupedPlaces(_ bytes: [UInt8], _ bounds: [Int]) -> (all: [UInt32], starts: [Int]) {
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
        func group(_ trade: Int, _ at: Int) -> Int {
            Int(bytes[at]) << 8 | (at + 1 < bounds[trade + 1] ? Int(bytes[at + 1]) : 0)
        }
        var starts = [Int](repeating: 0, count: (1 << 16) + 1)
        forEachStart { trade, at in starts[group(trade, at) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var next = starts
        var all = [UInt32](repeating: 0, count: starts[1 << 16])
        forEachStart { trade, at in
            let slot = group(trade, at)
            all[next[slot]] = UInt32(trade) << 8 | UInt32(at - bounds[trade])
            next[slot] += 1
        }
        return (all, starts)
    }

    /// The 8 bytes of `bytes` from `at` (before `end`) as a big-endian number, zero-padded.
    private static func word(_ bytes: [UInt8], _ at: Int, _ end: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in at..<(at + 8) {
            value = value << 8 | UInt64(index < end ? bytes[index] : 0)
        }
        return value
    }
}
