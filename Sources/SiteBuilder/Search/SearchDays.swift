import Foundation
import JSONKit
import SiteOutput

/// The search index's rows by day of `received_at`: per day a summary (`search/days/<day>.js`:
/// the facet combinations with their counts, and the day's chunks with the combinations each
/// holds) and the chunks themselves (`search/rows/<day>/<first id>.js`, ~64 rows; rows with a
/// validation error in chunks of their own, so the rows teams look for most come in few
/// chunks). A query reads the summaries of its date range for exact counts, then only the
/// chunks that hold a match, newest first, until it has its 50 rows.
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
        /// The combinations it holds, as numbers of the day's `seen` list (compact: every day
        /// of the table stays in memory until the end of a full build).
        var combos: [Int32]
        /// Whether it holds the rows with a validation error.
        var errors: Bool
    }

    struct Day {
        var counts: [SearchCombo: Int] = [:]
        /// The day's combinations by number, in the order first seen (internal only: the
        /// published list is sorted).
        var seen: [SearchCombo] = []
        var numbers: [SearchCombo: Int32] = [:]

        mutating func number(_ combo: SearchCombo) -> Int32 {
            if let known = numbers[combo] { return known }
            seen.append(combo)
            numbers[combo] = Int32(seen.count - 1)
            return Int32(seen.count - 1)
        }
        var chunks: [Chunk] = []
        /// The last chunk's rows, without and with validation errors (written by `finish`).
        var open: [SearchRow] = []
        var openErrors: [SearchRow] = []
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
        if days[row.day] == nil { days[row.day] = try loadDay(row.day) }
        // The day is changed in place: a copy taken out of the dictionary would share its
        // buffers, and the first change would copy the day's chunks and counts for every row.
        try Self.add(row, to: &days[row.day]!, output)
        totals[row.day, default: 0] += 1
        cube[row.combo, default: 0] += 1
    }

    private static func add(_ row: SearchRow, to day: inout Day, _ output: SiteOutput) throws {
        let errors = !row.group.isEmpty
        if startsChunk(row.id), !(errors ? day.openErrors : day.open).isEmpty {
            try close(&day, row.day, errors: errors, output)
        }
        if errors { day.openErrors.append(row) } else { day.open.append(row) }
        day.counts[row.combo, default: 0] += 1
    }

    private static func close(_ day: inout Day, _ name: String, errors: Bool, _ output: SiteOutput) throws {
        let rows = errors ? day.openErrors : day.open
        guard let first = rows.first else { return }
        var numbers = Set<Int32>()
        for row in rows { numbers.insert(day.number(row.combo)) }
        let combos = numbers.sorted()
        let path = "rows/\(name)/\(first.id)"
        try output.write(
            "search/\(path).js", SearchFile.script(path, "[" + rows.map(\.json).joined(separator: ",") + "]"))
        day.chunks.append(Chunk(firstID: first.id, rows: rows.count, combos: combos, errors: errors))
        if errors { day.openErrors.removeAll(keepingCapacity: true) } else { day.open.removeAll(keepingCapacity: true) }
    }

    /// A day as published (each kind's last chunk reopened), or a new one.
    private func loadDay(_ name: String) throws -> Day {
        var day = Day()
        guard let published,
            let summary = SearchFile.read(published.appendingPathComponent("days/\(name).js")) as? [String: Any]
        else { return day }
        var listed: [SearchCombo] = []
        for entry in summary["combos"] as? [Any] ?? [] {
            guard let (combo, count) = SearchCombo.parse(entry) else { throw Self.unreadable(name) }
            listed.append(combo)
            day.counts[combo] = count
        }
        for entry in summary["chunks"] as? [[Any]] ?? [] {
            guard entry.count == 4, let first = (entry[0] as? NSNumber)?.intValue,
                let rows = (entry[1] as? NSNumber)?.intValue, let combos = entry[2] as? [NSNumber],
                let errors = (entry[3] as? NSNumber)?.intValue
            else { throw Self.unreadable(name) }
            guard combos.allSatisfy({ listed.indices.contains($0.intValue) }) else { throw Self.unreadable(name) }
            let numbers = Set(combos.map { day.number(listed[$0.intValue]) }).sorted()
            day.chunks.append(Chunk(firstID: first, rows: rows, combos: numbers, errors: errors == 1))
        }
        // Each kind's last chunk is open again: new rows (higher ids) may extend it.
        for errors in [false, true] {
            guard let index = day.chunks.lastIndex(where: { $0.errors == errors }) else { continue }
            let last = day.chunks.remove(at: index)
            let rows = SearchFile.read(published.appendingPathComponent("rows/\(name)/\(last.firstID).js")) as? [Any]
            let parsed = try (rows ?? []).map { try SearchRow($0) ?? { throw Self.unreadable(name) }() }
            guard parsed.count == last.rows else { throw Self.unreadable(name) }
            if errors { day.openErrors = parsed } else { day.open = parsed }
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
            try Self.close(&day, name, errors: false, output)
            try Self.close(&day, name, errors: true, output)
            // Combinations in a fixed order, so the file depends on the rows alone.
            let listed = day.counts.keys.sorted(by: Self.order)
            let position = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1, $0) })
            let combos = listed.map { $0.json(count: day.counts[$0] ?? 0) }.joined(separator: ",")
            let chunks = day.chunks.sorted { $0.firstID < $1.firstID }.map { chunk in
                let indices = chunk.combos.compactMap { position[day.seen[Int($0)]] }.sorted().map(String.init)
                return "[\(chunk.firstID),\(chunk.rows),[\(indices.joined(separator: ","))],\(chunk.errors ? 1 : 0)]"
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
