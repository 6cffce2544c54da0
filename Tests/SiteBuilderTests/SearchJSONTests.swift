import Foundation
import Hashing
import Testing

@testable import SiteBuilder

/// The search records written by hand (`SearchJSON`) read back through the decoder every other
/// search file goes through, field for field, hostile text and missing values included.
@Suite struct SearchJSONTests {
    static let hostile = [
        "plain", "quote \" back \\ slash /", "line\nfeed\ttab\u{1}", "bidi \u{202E}evil", "🚀 ü </script>",
    ]

    static func rows(trade: String, file: String = "file") -> [SearchRow] {
        hostile.enumerated().map { index, text in
            SearchRow(
                id: index + 1, day: index == 2 ? nil : "2025-09-0\(index + 1)",
                time: index == 2 ? "" : "12:00:0\(index)",
                trade: trade, tradeFile: file, event: text, backfill: index % 2 == 0,
                ms: index == 3 ? nil : index * 10, group: index == 0 ? "" : "abcd\(index)", error: text)
        }
    }

    @Test func rowChunksReadBackAsWritten() throws {
        var rows = Self.rows(trade: "T")
        for (index, text) in Self.hostile.enumerated() {
            rows[index].trade = text
            rows[index].tradeFile = text
        }
        var chunk = SearchDays.OpenChunk()
        for row in rows { chunk.add(row, combo: 0) }
        chunk.json.close()
        #expect(try OwnFiles.decode([SearchRow].self, Data(chunk.json.bytes)) == rows)
        #expect(chunk.firstID == rows.first?.id && chunk.rows == rows.count)
    }

    @Test func tradeChunksReadBackAsWritten() throws {
        let chunk = Self.hostile.map {
            SearchTrades.Entry(trade: $0, file: "f-\($0.count)", rows: Self.rows(trade: $0, file: "f-\($0.count)"))
        }
        let read = try OwnFiles.decode([SearchTrades.Entry].self, Data(SearchTrades.Entry.json(chunk)))
        #expect(read == chunk, "differs")
        #expect(
            read.allSatisfy { entry in entry.rows.allSatisfy { $0.trade == entry.trade && $0.tradeFile == entry.file } }
        )
    }

    @Test func partsLeavesAndListsReadBackAsWritten() throws {
        let leaf = Self.hostile.enumerated().map { SearchParts.Entry(trade: $1, offset: $0) }
        let pairs = Self.hostile.indices.reversed().map { (trade: $0, offset: $0) }
        #expect(
            try OwnFiles.decode(
                [SearchParts.Entry].self, Data(SearchParts.json(pairs, of: try SearchParts.IDs(Self.hostile))))
                == leaf.reversed())
        let list = Self.hostile.map { SearchParts.Link(first: $0, name: "0123456789abcdef") }
        #expect(try OwnFiles.decode([SearchParts.Link].self, Data(SearchParts.json(list))) == list)
    }

    /// A block's name is hashed from its trades' JSON array piece by piece (about 64 KB each):
    /// the same name as the hash of the whole array, across piece boundaries and escapes.
    @Test(arguments: [0, 1, 5, 10_000])
    func aBlockNameIsTheHashOfItsTradesArray(count: Int) throws {
        let ids = try SearchParts.IDs((0..<count).map { "\(Self.hostile[$0 % Self.hostile.count])-\($0)" })
        let whole = SearchJSON.array(ids, bytesEach: 32) { $0.add($1) }
        #expect(count < 10_000 || whole.count > 3 << 16, "the largest case spans several pieces")
        #expect(SearchParts.Members.name(of: ids) == Hashing.sha256Hex(whole, count: 8))
        var members: [UInt8] = []
        SearchParts.Members.append(trades: ids, files: ["a"], to: &members)
        #expect(members == Array("{\"files\":[\"a\"],\"trades\":".utf8) + whole + [0x7D])
    }

    @Test func partsMembersReadBackAsWrittenAndMatchTheEncoder() throws {
        let members = SearchParts.Members(
            trades: try .init(Self.hostile), files: ["0123456789abcdef", "fedcba9876543210"])
        #expect(try OwnFiles.decode(SearchParts.Members.self, Data(members.json)) == members)
        // Without the controls JSONText writes as \u escapes, the same bytes as JSONEncoder's.
        let plain = SearchParts.Members(trades: try .init(["T_1", "quote \" back \\ slash /", "🚀 ü"]), files: ["a"])
        #expect(plain.json == (try OwnFiles.compact(plain)))
        #expect(SearchParts.Members(trades: .init(), files: []).json == Array(#"{"files":[],"trades":[]}"#.utf8))
    }
}
