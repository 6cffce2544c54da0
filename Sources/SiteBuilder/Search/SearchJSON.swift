import Hashing
import JSONKit

/// The search index's bulk records written by hand: row chunks, trade chunks and the parts'
/// leaves and lists hold nearly every record of the index, and `JSONEncoder` spent ten times the
/// CPU on them (2.1 s against 0.2 s for 36,000 leaves of 64 parts). The output is plain JSON
/// (strings through `JSONText`), read back by `SearchFile.read` like any other search file.
struct SearchJSON {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value needs a comma before it (one flag per open array).
    private var needsComma: [Bool] = [false]

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func open() {
        separate()
        bytes.append(0x5B)
        needsComma.append(false)
    }

    mutating func close() {
        bytes.append(0x5D)
        needsComma.removeLast()
    }

    mutating func add(_ value: String) {
        separate()
        JSONText.append(string: value, to: &bytes)
    }

    mutating func add(_ value: Int?) {
        separate()
        if let value { bytes += String(value).utf8 } else { bytes += "null".utf8 }
    }

    /// `[text, number]`.
    mutating func pair(_ text: String, _ number: Int) {
        open()
        add(text)
        add(number)
        close()
    }

    /// `[text, other]`.
    mutating func pair(_ text: String, _ other: String) {
        open()
        add(text)
        add(other)
        close()
    }

    /// `[item…]`, each item written by `body`.
    static func array<Items: Collection>(
        _ items: Items, bytesEach: Int, _ body: (inout SearchJSON, Items.Element) -> Void
    ) -> [UInt8] {
        var json = SearchJSON(capacity: items.count * bytesEach + 2)
        json.open()
        for item in items { body(&json, item) }
        json.close()
        return json.bytes
    }
}

extension SearchRow {
    /// `[id, day, time, trade, file, event, backfill 0/1, ms, group, error]`, or without the
    /// trade and file (`inTrade`: the row of a trade entry, which names them once).
    func write(to json: inout SearchJSON, inTrade: Bool = false) {
        json.open()
        json.add(id)
        json.add(dayName)
        json.add(time)
        if !inTrade {
            json.add(trade)
            json.add(tradeFile)
        }
        json.add(event)
        json.add(backfill ? 1 : 0)
        json.add(ms)
        json.add(group)
        json.add(error)
        json.close()
    }
}

extension SearchTrades.Entry {
    /// A trade chunk's JSON: `[[trade, file, [row…]]…]`.
    static func json(_ chunk: [SearchTrades.Entry]) -> [UInt8] {
        SearchJSON.array(chunk, bytesEach: 200) { json, entry in
            json.open()
            json.add(entry.trade)
            json.add(entry.file)
            json.open()
            for row in entry.rows { row.write(to: &json, inTrade: true) }
            json.close()
            json.close()
        }
    }
}

extension SearchParts {
    /// A leaf's JSON, `[[trade, offset]…]`, from its `(trade, offset)` pairs, `trade` a place in
    /// the block's `trades` (no string held per part). Read back as `[Entry]`.
    static func json(_ leaf: [(trade: Int, offset: Int)], of trades: some TradeIDList) -> [UInt8] {
        SearchJSON.array(leaf, bytesEach: 40) { json, entry in json.pair(trades[entry.trade], entry.offset) }
    }

    /// A list's JSON, `[[separator, name]…]`.
    static func json(_ list: [Link]) -> [UInt8] {
        SearchJSON.array(list, bytesEach: 48) { json, link in json.pair(link.first, link.name) }
    }
}

extension SearchParts.Members {
    /// `{"files":[…],"trades":[…]}`: keys in the order `OwnFiles.compact` sorts them.
    var json: [UInt8] {
        var bytes: [UInt8] = []
        Self.append(trades: trades, files: files, to: &bytes)
        return bytes
    }

    /// Appends the JSON of the members `trades` and `files` to `bytes`.
    static func append(trades: some TradeIDList, files: [String], to bytes: inout [UInt8]) {
        bytes += "{\"files\":".utf8
        bytes += SearchJSON.array(files, bytesEach: 20) { $0.add($1) }
        bytes += ",\"trades\":".utf8
        forEachPiece(of: trades) { bytes += $0 }
        bytes.append(0x7D)
    }

    /// The name of a block of `trades`: the first 8 bytes of the SHA-256 of their JSON array,
    /// hashed piece by piece (the array of a million-row build's largest block is 15 MB).
    static func name(of trades: some TradeIDList) -> String {
        var hasher = Hashing.SHA256Stream()
        forEachPiece(of: trades) { hasher.update($0) }
        return hasher.hex(count: 8)
    }

    /// Calls `body` with consecutive pieces (about 64 KB each) of `trades`' JSON array.
    private static func forEachPiece(of trades: some TradeIDList, _ body: ([UInt8]) -> Void) {
        let pieceBytes = 1 << 16
        var piece: [UInt8] = [0x5B]
        piece.reserveCapacity(pieceBytes + 1024)
        for position in trades.indices {
            if position > trades.startIndex { piece.append(0x2C) }
            JSONText.append(string: trades[position], to: &piece)
            if piece.count >= pieceBytes {
                body(piece)
                piece.removeAll(keepingCapacity: true)
            }
        }
        piece.append(0x5D)
        body(piece)
    }
}
