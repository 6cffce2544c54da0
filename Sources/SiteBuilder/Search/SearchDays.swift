import Foundation
import JSONKit
import SiteOutput

/// The search index's rows by day of `received_at`: per day a summary (`search/days/<day>.js`:
/// the facet combinations with their counts, and the day's chunks with the combinations each
/// holds) and the chunks themselves (`search/rows/<day>/<first id>.js`, ~64 rows). A query
/// reads the summaries of its date range for exact counts, then only the chunks that hold a
/// match, newest first, until it has its 50 rows.
///
/// A chunk starts at a row whose id hashes to a multiple of 64 (or at the day's first row), so
/// its bounds depend on the rows alone: new rows (higher ids) only extend a day's last chunk or
/// start new ones, and an incremental build reads the touched days back, appends, and writes
/// the bytes a full build writes. `search/meta.js` holds every day's row count and the whole
/// table's combination counts (queries without a date range).
struct SearchDays {
    /// The mean chunk length, in rows.
    static let chunkMean: UInt64 = 64

    struct Chunk {
        var firstID: Int
        var rows: Int
        var combos: Set<Int>
    }

    struct Day {
        /// Combinations in order of first appearance (their index is what chunks refer to).
        var combos: [SearchCombo] = []
        var counts: [SearchCombo: Int] = [:]
        var chunks: [Chunk] = []
        /// The last chunk's rows (written by `finish`).
        var open: [SearchRow] = []

        mutating func index(of combo: SearchCombo) -> Int {
            if let index = combos.firstIndex(of: combo) { return index }
            combos.append(combo)
            return combos.count - 1
        }
    }

    private var days: [String: Day] = [:]
    /// Row counts per day and combination counts over the whole table (from meta.js, plus new rows).
    private var totals: [String: Int] = [:]
    private var cube: [SearchCombo: Int] = [:]
    /// Where an incremental build reads the published index back (nil: full build).
    private let published: URL?

    /// An index built from scratch (`published` nil) or extending the one published there.
    init(extending published: URL?) {
        self.published = published
        if let published, let meta = SearchFile.read(published.appendingPathComponent("meta.js")) as? [String: Any] {
            for entry in meta["days"] as? [[Any]] ?? [] {
                if let day = entry.first as? String, let count = (entry.last as? NSNumber)?.intValue {
                    totals[day] = count
                }
            }
            for entry in meta["cube"] as? [Any] ?? [] {
                if let (combo, count) = SearchCombo.parse(entry) { cube[combo] = count }
            }
        }
    }

    static func startsChunk(_ id: Int) -> Bool {
        SearchFile.mix(UInt64(bitPattern: Int64(id))) % chunkMean == 0
    }

    /// Adds a row (rows come in id order); a chunk that ends is written at once.
    mutating func add(_ row: SearchRow, to output: SiteOutput) throws {
        var day = try days[row.day] ?? loadDay(row.day)
        if Self.startsChunk(row.id), !day.open.isEmpty { try close(&day, row.day, output) }
        day.open.append(row)
        day.counts[row.combo, default: 0] += 1
        days[row.day] = day
        totals[row.day, default: 0] += 1
        cube[row.combo, default: 0] += 1
    }

    private func close(_ day: inout Day, _ name: String, _ output: SiteOutput) throws {
        guard let first = day.open.first else { return }
        var combos = Set<Int>()
        for row in day.open { combos.insert(day.index(of: row.combo)) }
        let path = "rows/\(name)/\(first.id)"
        try output.write(
            "search/\(path).js", SearchFile.script(path, "[" + day.open.map(\.json).joined(separator: ",") + "]"))
        day.chunks.append(Chunk(firstID: first.id, rows: day.open.count, combos: combos))
        day.open.removeAll(keepingCapacity: true)
    }

    /// A day as published (its last chunk reopened), or a new one.
    private func loadDay(_ name: String) throws -> Day {
        var day = Day()
        guard let published,
            let summary = SearchFile.read(published.appendingPathComponent("days/\(name).js")) as? [String: Any]
        else { return day }
        for entry in summary["combos"] as? [Any] ?? [] {
            guard let (combo, count) = SearchCombo.parse(entry) else { throw Self.unreadable(name) }
            day.combos.append(combo)
            day.counts[combo] = count
        }
        for entry in summary["chunks"] as? [[Any]] ?? [] {
            guard entry.count == 3, let first = (entry[0] as? NSNumber)?.intValue,
                let rows = (entry[1] as? NSNumber)?.intValue, let combos = entry[2] as? [NSNumber]
            else { throw Self.unreadable(name) }
            day.chunks.append(Chunk(firstID: first, rows: rows, combos: Set(combos.map(\.intValue))))
        }
        if let last = day.chunks.popLast() {
            let rows = SearchFile.read(published.appendingPathComponent("rows/\(name)/\(last.firstID).js")) as? [Any]
            day.open = try (rows ?? []).map { try SearchRow($0) ?? { throw Self.unreadable(name) }() }
            guard day.open.count == last.rows else { throw Self.unreadable(name) }
        }
        return day
    }

    private static func unreadable(_ day: String) -> SiteBuildError {
        SiteBuildError(step: "write search index", message: "the published search index of \(day) cannot be read")
    }

    /// Writes the open chunks, the touched days' summaries and `search/meta.js`.
    mutating func finish(into output: SiteOutput, maxID: Int) throws {
        for name in days.keys.sorted() {
            var day = days[name]!
            try close(&day, name, output)
            let combos = day.combos.map { $0.json(count: day.counts[$0] ?? 0) }.joined(separator: ",")
            let chunks = day.chunks.map { chunk in
                "[\(chunk.firstID),\(chunk.rows),[\(chunk.combos.sorted().map(String.init).joined(separator: ","))]]"
            }
            try output.write(
                "search/days/\(name).js",
                SearchFile.script(
                    "days/\(name)", "{\"combos\":[\(combos)],\"chunks\":[\(chunks.joined(separator: ","))]}"))
        }
        let dayList = totals.keys.sorted().map { "[\(JSONText.string($0)),\(totals[$0]!)]" }.joined(separator: ",")
        let cubeList = cube.keys.sorted(by: Self.order).map { $0.json(count: cube[$0]!) }.joined(separator: ",")
        let buckets = SearchRow.buckets.map(String.init).joined(separator: ",")
        try output.write(
            "search/meta.js",
            SearchFile.script(
                "meta",
                "{\"max_id\":\(maxID),\"rows\":\(totals.values.reduce(0, +)),\"buckets\":[\(buckets)],"
                    + "\"days\":[\(dayList)],\"cube\":[\(cubeList)]}"))
    }

    private static func order(_ a: SearchCombo, _ b: SearchCombo) -> Bool {
        (a.event, a.backfill ? 1 : 0, a.group, a.bucket) < (b.event, b.backfill ? 1 : 0, b.group, b.bucket)
    }
}
