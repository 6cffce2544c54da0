import Hashing
import SiteOutput

extension SearchParts {
    /// Writes the block of `trades` (arrival order) that starts at place `start`: its leaves, its
    /// lists and its members file; returns the block and the names of its leaves and lists.
    static func writeBlock(
        _ trades: some TradeIDList, start: Int, shape: Shape, output: SiteOutput
    ) throws -> (block: Block, files: [String]) {
        var files: [String] = []
        func write(_ json: [UInt8]) throws -> String {
            let name = Hashing.sha256Hex(json, count: 8)
            try output.write(path(name), try SearchFile.script("parts/\(name)", json: json))
            files.append(name)
            return name
        }
        var links: [Link] = []
        var leaf: [(trade: Int, offset: Int)] = []
        var separator = ""
        var last = PartKey.empty
        try forEachPart(trades) { trade, offset, key in
            if leaf.isEmpty { separator = Self.separator(after: last.bytes[...], upTo: key.bytes[...]) }
            leaf.append((trade, offset))
            last = key
            if leaf.count == shape.leaf {
                links.append(Link(first: separator, name: try write(Self.json(leaf, of: trades))))
                leaf.removeAll(keepingCapacity: true)
            }
        }
        if !leaf.isEmpty { links.append(Link(first: separator, name: try write(Self.json(leaf, of: trades)))) }
        var depth = 0
        while links.count > shape.fanout {
            links = try stride(from: 0, to: links.count, by: shape.fanout).map { at in
                let list = Array(links[at..<min(at + shape.fanout, links.count)])
                return Link(first: list[0].first, name: try write(Self.json(list)))
            }
            depth += 1
        }
        let name = Members.name(of: trades)
        // Each id with its quotes and comma (escapes are rare), each file name the same.
        let size = trades.indices.reduce(32) { $0 + trades.bounds($1).count + 3 } + 19 * files.count
        try output.write(
            membersPath(name),
            try SearchFile.script("parts/m/\(name)", reserving: size) {
                Members.append(trades: trades, files: files, to: &$0)
            })
        return (Block(name: name, start: start, count: trades.count, depth: depth, roots: links), files)
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
}
