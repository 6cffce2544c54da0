/// Trade ids by position: all of a list (`SearchParts.IDs`) or some of them in an order of
/// their own (`SearchParts.IDs.Picked`, a block of trades without a copy of their ids).
protocol TradeIDList: RandomAccessCollection where Index == Int, Element == String {
    /// The UTF-8 bytes of the id at `position`.
    func utf8(_ position: Int) -> ArraySlice<UInt8>
}

extension SearchParts {
    /// Trade ids in one byte array with their ends: what the parts keep of every trade until the
    /// last row is in. A million ids as `String`s cost about 88 bytes each (the value, its heap
    /// object); here they cost their bytes and one offset.
    struct IDs: TradeIDList, Equatable, ExpressibleByArrayLiteral {
        private var bytes: [UInt8] = []
        private var ends: [Int] = []

        init() {}

        init(_ ids: some Sequence<String>) {
            for id in ids { append(id) }
        }

        init(arrayLiteral ids: String...) {
            self.init(ids)
        }

        /// The ids of `all` at `positions`, in that order, read from `all` (not copied).
        struct Picked: TradeIDList {
            let all: IDs
            let positions: ArraySlice<UInt32>

            var startIndex: Int { 0 }
            var endIndex: Int { positions.count }

            subscript(position: Int) -> String { all[Int(positions[positions.startIndex + position])] }

            func utf8(_ position: Int) -> ArraySlice<UInt8> {
                all.utf8(Int(positions[positions.startIndex + position]))
            }
        }

        var startIndex: Int { 0 }
        var endIndex: Int { ends.count }

        subscript(position: Int) -> String { String(decoding: utf8(position), as: UTF8.self) }

        /// The UTF-8 bytes of the id at `position`.
        func utf8(_ position: Int) -> ArraySlice<UInt8> {
            bytes[(position == 0 ? 0 : ends[position - 1])..<ends[position]]
        }

        mutating func append(_ id: String) {
            append(id.utf8)
        }

        private mutating func append(_ id: some Collection<UInt8>) {
            bytes += id
            ends.append(bytes.count)
        }

        mutating func append(contentsOf ids: some TradeIDList) {
            for position in ids.indices { append(ids.utf8(position)) }
        }
    }

    /// Trades as the builds collect them: their ids and their first rows' ids.
    struct Arrivals {
        private(set) var ids = IDs()
        private(set) var firsts: [Int] = []

        init() {}

        init(_ trades: [Trade]) {
            for trade in trades { append(trade) }
        }

        var count: Int { firsts.count }

        mutating func append(_ trade: Trade) {
            ids.append(trade.id)
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
        /// holds them): what a full build's last step needs of them.
        mutating func takeArrivalOrder() -> [UInt32] {
            let order = arrivalOrder()
            firsts = []
            return order
        }
    }
}

extension SearchParts.IDs: Codable {
    init(from decoder: any Decoder) throws {
        var items = try decoder.unkeyedContainer()
        while !items.isAtEnd { append(try items.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var items = encoder.unkeyedContainer()
        for id in self { try items.encode(id) }
    }
}
