import Hashing
import SiteOutput

extension SearchParts {
    /// A part while sorting: its first 8 bytes (big-endian, zero-padded), its trade and where it
    /// starts in the trade's key (byte and Unicode scalar).
    private struct Part {
        var prefix: UInt64
        var trade: UInt32
        var byte: UInt32
        var scalar: UInt32
    }

    /// Writes the block of `trades` (arrival order) that starts at place `start`: its leaves, its
    /// lists and its members file; returns the block and the names of its leaves and lists.
    static func writeBlock(_ trades: [String], start: Int, output: SiteOutput) throws -> (block: Block, files: [String])
    {
        var files: [String] = []
        func write(_ value: some Encodable) throws -> String {
            let json = try OwnFiles.compact(value)
            let name = Hashing.sha256Hex(json, count: 8)
            try output.write(path(name), try SearchFile.script("parts/\(name)", json: json))
            files.append(name)
            return name
        }
        var links: [Link] = []
        var leaf: [Entry] = []
        var separator = ""
        var last: ArraySlice<UInt8> = []
        try forEachPart(trades) { trade, offset, bytes in
            if leaf.isEmpty { separator = Self.separator(after: last, upTo: bytes) }
            leaf.append(Entry(trade: trades[trade], offset: offset))
            last = bytes
            if leaf.count == fanout {
                links.append(Link(first: separator, name: try write(leaf)))
                leaf.removeAll(keepingCapacity: true)
            }
        }
        if !leaf.isEmpty { links.append(Link(first: separator, name: try write(leaf))) }
        var depth = 0
        while links.count > fanout {
            links = try stride(from: 0, to: links.count, by: fanout).map { at in
                let list = Array(links[at..<min(at + fanout, links.count)])
                return Link(first: list[0].first, name: try write(list))
            }
            depth += 1
        }
        let name = Hashing.sha256Hex(try OwnFiles.compact(trades), count: 8)
        try output.write(
            membersPath(name), try SearchFile.script("parts/m/\(name)", Members(trades: trades, files: files)))
        return (Block(name: name, start: start, count: trades.count, depth: depth, roots: links), files)
    }

    /// Calls `body` with every part of `trades` (the trade's position, the part's offset in Unicode
    /// scalars, its bytes) in sorted order: by bytes, then by trade id, then by offset. The parts
    /// are sorted one first byte at a time, so only that byte's parts are held at once.
    private static func forEachPart(
        _ trades: [String], _ body: (Int, Int, ArraySlice<UInt8>) throws -> Void
    ) rethrows {
        let keys = trades.map { Array(SearchTrades.key($0).utf8) }
        // Per key, the byte offsets of the scalars a part may start at (from the second on,
        // leaving at least `minimum`; none in a key longer than `longestKey`).
        let starts: [[Int]] = keys.map { key in
            guard key.count <= longestKey else { return [] }
            let scalars = key.indices.filter { key[$0] & 0xC0 != 0x80 }
            return scalars.count > minimum ? Array(scalars[1...(scalars.count - minimum)]) : []
        }
        var counts = [Int](repeating: 0, count: 256)
        for (key, offsets) in zip(keys, starts) {
            for offset in offsets { counts[Int(key[offset])] += 1 }
        }
        for byte in 0..<256 where counts[byte] > 0 {
            var bucket: [Part] = []
            bucket.reserveCapacity(counts[byte])
            for (trade, offsets) in starts.enumerated() {
                let key = keys[trade]
                for (number, offset) in offsets.enumerated() where key[offset] == byte {
                    bucket.append(
                        Part(
                            prefix: prefix(key, offset), trade: UInt32(trade), byte: UInt32(offset),
                            scalar: UInt32(number + 1)))
                }
            }
            bucket.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let x = keys[Int(a.trade)][Int(a.byte)...]
                let y = keys[Int(b.trade)][Int(b.byte)...]
                if !x.elementsEqual(y) { return x.lexicographicallyPrecedes(y) }
                if a.trade != b.trade {
                    return trades[Int(a.trade)].utf8.lexicographicallyPrecedes(trades[Int(b.trade)].utf8)
                }
                return a.scalar < b.scalar
            }
            for part in bucket {
                try body(Int(part.trade), Int(part.scalar), keys[Int(part.trade)][Int(part.byte)...])
            }
        }
    }

    /// The shortest beginning of `first` (whole scalars) that sorts after `last`: what a link
    /// names its child by, so that the child holds the parts from it on and the previous child
    /// the parts before it. `first` itself when it equals `last` (a part straddling two leaves).
    static func separator(after last: ArraySlice<UInt8>, upTo first: ArraySlice<UInt8>) -> String {
        var end = first.startIndex
        while end < first.endIndex {
            end += 1
            while end < first.endIndex, first[end] & 0xC0 == 0x80 { end += 1 }
            if last.lexicographicallyPrecedes(first[..<end]) { break }
        }
        return String(decoding: first[..<end], as: UTF8.self)
    }

    /// The first 8 bytes of `key` from `offset` as a big-endian number, zero-padded.
    private static func prefix(_ key: [UInt8], _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) {
            value = value << 8 | UInt64(index < key.count ? key[index] : 0)
        }
        return value
    }
}
