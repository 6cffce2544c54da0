/// Trade ids by position: all of a list (`SearchParts.IDs`) or some of them in an order of
/// their own (`SearchParts.IDs.Picked`, a block of trades without a copy of their ids).
protocol TradeIDList: RandomAccessCollection where Index == Int, Element == String {
    /// The bytes the ids are kept in (shared, not copied).
    var storage: [UInt8] { get }
    /// Where the UTF-8 of the id at `position` lies in `storage`.
    func bounds(_ position: Int) -> Range<Int>
}

extension TradeIDList {
    /// The UTF-8 bytes of the id at `position`.
    func utf8(_ position: Int) -> ArraySlice<UInt8> {
        storage[bounds(position)]
    }
}

extension SearchParts {
    /// Trade ids in one byte array with their ends: what the parts keep of every trade until the
    /// last row is in. A million ids as `String`s cost about 88 bytes each (the value, its heap
    /// object); here they cost their bytes and a 4-byte end (so at most 4 GiB of ids in all).
    struct IDs: TradeIDList, Equatable {
        private(set) var storage: [UInt8] = []
        private var ends: [UInt32] = []

        init() {}

        init(_ ids: some Sequence<String>) throws {
            for id in ids { try append(id) }
        }

        /// The ids of `all` at `positions`, in that order, read from `all` (not copied).
        struct Picked: TradeIDList {
            let all: IDs
            let positions: ArraySlice<UInt32>

            var storage: [UInt8] { all.storage }
            var startIndex: Int { 0 }
            var endIndex: Int { positions.count }

            subscript(position: Int) -> String { all[Int(positions[positions.startIndex + position])] }

            func bounds(_ position: Int) -> Range<Int> {
                all.bounds(Int(positions[positions.startIndex + position]))
            }
        }

        var startIndex: Int { 0 }
        var endIndex: Int { ends.count }

        subscript(position: Int) -> String { String(decoding: utf8(position), as: UTF8.self) }

        func bounds(_ position: Int) -> Range<Int> {
            (position == 0 ? 0 : Int(ends[position - 1]))..<Int(ends[position])
        }

        mutating func append(_ id: String) throws {
            try append(id.utf8)
        }

        private mutating func append(_ id: some Collection<UInt8>) throws {
            guard storage.count + id.count <= Int(UInt32.max) else {
                throw SiteBuildError(
                    step: "write search index", code: .tooLarge,
                    message: "the trade ids take more than 4 GiB: too many for the search index's parts")
            }
            storage += id
            ends.append(UInt32(storage.count))
        }

        mutating func append(contentsOf ids: some TradeIDList) throws {
            for position in ids.indices { try append(ids.utf8(position)) }
        }

        /// Gives the storage back to the allocator down to what the ids take (appends leave up
        /// to twice that): for a list that is complete and held a while.
        mutating func shrink() {
            storage = Self.tight(storage)
            ends = Self.tight(ends)
        }

        /// A copy of `array` in a buffer of its size (`Array(array)` would share the buffer).
        private static func tight<Element>(_ array: [Element]) -> [Element] {
            var copy: [Element] = []
            copy.reserveCapacity(array.count)
            copy += array
            return copy
        }
    }

    /// Trades as the builds collect them: their ids and their first rows' ids.
    struct Arrivals {
        private(set) var ids = IDs()
        private(set) var firsts: [Int] = []

        init() {}

        init(_ trades: [Trade]) throws {
            for trade in trades { try append(trade) }
        }

        var count: Int { firsts.count }

        mutating func append(_ trade: Trade) throws {
            try ids.append(trade.id)
            firsts.append(trade.first)
        }

        /// The positions of the trades in arrival order (by first row; the order of adding
        /// between equal ones).
        func arrivalOrder() -> [UInt32] {
            precondition(firsts.count < 1 << 32, "fewer than 2^32 trades")
            return (0..<UInt32(firsts.count)).sorted { a, b in
                let (x, y) = (firsts[Int(a)], firsts[Int(b)])
                return x < y || (x == y && a < b)
            }
        }

        /// `arrivalOrder()`, forgetting the first rows (their memory is freed when nothing else
        /// holds them) and trimming the ids: what a full build's last step needs of them.
        mutating func takeArrivalOrder() -> [UInt32] {
            let order = arrivalOrder()
            firsts = []
            ids.shrink()
            return order
        }
    }
}

extension SearchParts.IDs: Codable {
    init(from decoder: any Decoder) throws {
        var items = try decoder.unkeyedContainer()
        while !items.isAtEnd { try append(try items.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var items = encoder.unkeyedContainer()
        for id in self { try items.encode(id) }
    }
}
