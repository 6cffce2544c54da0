import Foundation
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

    /// A day's last chunk of one kind, still open: its rows already as the chunk file's JSON
    /// and its combinations as numbers. Every day keeps one of each kind until the end of a full
    /// build (a later row may still belong to it), so a day holds about 100 bytes a row of
    /// them, not the rows themselves with their strings and the array's spare capacity.
    struct OpenChunk {
        var firstID: Int?
        var rows = 0
        var json = SearchJSON(capacity: 0)
        var combos = Set<Int32>()

        mutating func add(_ row: SearchRow, combo: Int32) {
            if firstID == nil {
                firstID = row.id
                json = SearchJSON(capacity: 64 * 120)
                json.open()
            }
            row.write(to: &json)
            rows += 1
            combos.insert(combo)
        }
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
        /// The last chunks, without and with validation errors (written by `finish`).
        var open = OpenChunk()
        var openErrors = OpenChunk()

        /// Adds a row to its kind's open chunk.
        mutating func append(_ row: SearchRow, errors: Bool) {
            let combo = number(row.combo)
            if errors { openErrors.add(row, combo: combo) } else { open.add(row, combo: combo) }
        }
    }

    private var days: [String: Day] = [:]
    /// Row counts per day and combination counts over the whole table (from meta.js, plus new rows).
    private var totals: [String: Int] = [:]
    private var cube: [SearchCombo: Int] = [:]
    /// Where an incremental build reads the published index back (nil: full build).
    private let published: URL?
    /// The days the published `meta.js` lists. Only their summaries are read back: a killed
    /// build renames a new day's summary in at once (nothing links to it yet), and reading that
    /// one back would add its rows a second time.
    private var publishedDays: Set<String> = []

    /// An index built from scratch (`published` nil) or extending the one published there.
    init(extending published: URL?) {
        self.published = published
        if let published, let meta = SearchFile.read(SearchMeta.self, published.appendingPathComponent("meta.js")) {
            for entry in meta.days { totals[entry.day] = entry.rows }
            publishedDays = Set(meta.days.map(\.day))
            for entry in meta.cube { cube[entry.combo] = entry.count }
        }
    }

    static func startsChunk(_ id: Int) -> Bool {
        SearchFile.mix(UInt64(bitPattern: Int64(id))) % chunkMean == 0
    }

    /// Adds a row (rows come in id order); a chunk that ends is written at once.
    mutating func add(_ row: SearchRow, to output: SiteOutput) throws {
        let name = row.dayName
        if days[name] == nil { days[name] = try loadDay(name) }
        // The day is changed in place: a copy taken out of the dictionary would share its
        // buffers, and the first change would copy the day's chunks and counts for every row.
        try Self.add(row, to: &days[name]!, output)
        totals[name, default: 0] += 1
        cube[row.combo, default: 0] += 1
    }

    private static func add(_ row: SearchRow, to day: inout Day, _ output: SiteOutput) throws {
        let errors = !row.group.isEmpty
        if startsChunk(row.id), (errors ? day.openErrors : day.open).rows > 0 {
            try close(&day, row.dayName, errors: errors, output)
        }
        day.append(row, errors: errors)
        day.counts[row.combo, default: 0] += 1
    }

    private static func close(_ day: inout Day, _ name: String, errors: Bool, _ output: SiteOutput) throws {
        var chunk = errors ? day.openErrors : day.open
        if errors { day.openErrors = OpenChunk() } else { day.open = OpenChunk() }
        guard let first = chunk.firstID else { return }
        chunk.json.close()
        let path = "rows/\(name)/\(first)"
        try output.write("search/\(path).js", try SearchFile.script(path, json: chunk.json.bytes))
        day.chunks.append(Chunk(firstID: first, rows: chunk.rows, combos: chunk.combos.sorted(), errors: errors))
    }

    /// A day as published (each kind's last chunk reopened), or a new one.
    private func loadDay(_ name: String) throws -> Day {
        var day = Day()
        guard let published, publishedDays.contains(name) else { return day }
        let url = published.appendingPathComponent("days/\(name).js")
        guard FileManager.default.fileExists(atPath: url.path) else { return day }
        guard let summary = SearchFile.read(SearchDaySummary.self, url) else { throw Self.unreadable(name) }
        let listed = summary.combos.map(\.combo)
        for entry in summary.combos { day.counts[entry.combo] = entry.count }
        for chunk in summary.chunks {
            guard chunk.combos.allSatisfy(listed.indices.contains) else { throw Self.unreadable(name) }
            let numbers = Set(chunk.combos.map { day.number(listed[$0]) }).sorted()
            day.chunks.append(Chunk(firstID: chunk.firstID, rows: chunk.rows, combos: numbers, errors: chunk.errors))
        }
        // Each kind's last chunk is open again: new rows (higher ids) may extend it.
        for errors in [false, true] {
            guard let index = day.chunks.lastIndex(where: { $0.errors == errors }) else { continue }
            let last = day.chunks.remove(at: index)
            let url = published.appendingPathComponent("rows/\(name)/\(last.firstID).js")
            guard let parsed = SearchFile.read([SearchRow].self, url), parsed.count == last.rows else {
                throw Self.unreadable(name)
            }
            for row in parsed { day.append(row, errors: errors) }
        }
        return day
    }

    private static func unreadable(_ day: String) -> SiteBuildError {
        SiteBuildError(
            step: "write search index", code: .unreadablePublishedFile,
            message: "the published search index of \(day) cannot be read")
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
            let summary = SearchDaySummary(
                combos: listed.map { SearchCombo.Counted($0, day.counts[$0] ?? 0) },
                chunks: day.chunks.sorted { $0.firstID < $1.firstID }.map { chunk in
                    SearchDaySummary.Chunk(
                        firstID: chunk.firstID, rows: chunk.rows,
                        combos: chunk.combos.compactMap { position[day.seen[Int($0)]] }.sorted(), errors: chunk.errors)
                })
            try output.write("search/days/\(name).js", try SearchFile.script("days/\(name)", summary))
        }
        let meta = SearchMeta(
            maxID: maxID, rows: totals.values.reduce(0, +), buckets: SearchRow.buckets,
            days: totals.keys.sorted().map { SearchMeta.DayCount($0, totals[$0]!) },
            cube: cube.keys.sorted(by: Self.order).map { SearchCombo.Counted($0, cube[$0]!) })
        try output.write("search/meta.js", try SearchFile.script("meta", meta))
    }

    private static func order(_ a: SearchCombo, _ b: SearchCombo) -> Bool {
        (a.event, a.backfill ? 1 : 0, a.group, a.bucket) < (b.event, b.backfill ? 1 : 0, b.group, b.bucket)
    }
}
