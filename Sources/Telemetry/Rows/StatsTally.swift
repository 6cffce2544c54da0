/// Headline numbers and the chart window's per-day tallies, folded in one row at a time.
///
/// A full build folds every row as it streams by; the tally is kept in the build manifest, so
/// an incremental build folds in only its new rows instead of scanning the table again. The
/// numbers are PostgreSQL's: counts as `count(*)`, the window as `received_at >=
/// date_trunc('day', max(received_at)) - 89 days`, and percentiles as `percentile_cont` (each
/// day keeps a histogram of processing times, so they stay exact).
public struct StatsTally: Codable, Sendable, Equatable {
    struct Day: Codable, Sendable, Equatable {
        /// Days since 1970-01-01.
        var number: Int
        var types: [String: Int] = [:]
        var live = 0
        var backfill = 0
        var liveErrors = 0
        /// `processing_time_ms` of live rows → how many rows took that long.
        var times: [Int: Int] = [:]
        /// The same per event type.
        var typeTimes: [String: [Int: Int]] = [:]
        /// Per event type, its slowest live rows, slowest first (at most `TypeLatency.slowestKept`).
        var slowest: [String: [TypeLatency.Slow]] = [:]
    }

    private(set) var total = 0
    private(set) var backfilled = 0
    private(set) var invalid = 0
    /// `received_at` of the newest row as PostgreSQL printed it (`YYYY-MM-DD HH24:MI:SS`).
    private(set) var newest: String?
    /// Day number of `newest`.
    private(set) var newestDay: Int?
    /// Tallies of the days in the chart window, by `YYYY-MM-DD`.
    private(set) var days: [String: Day] = [:]

    /// An empty tally.
    public init() {}

    /// Folds one row in (rows come in id order).
    public mutating func add(_ row: TelemetryRow) {
        total += 1
        if row.isBackfill { backfilled += 1 }
        if row.validationError != nil { invalid += 1 }
        guard let stamp = row.receivedAt, let day = stamp.day else { return }
        if newest.map({ CivilDay.isEarlier($0, than: stamp.text) }) ?? true {
            newest = stamp.text
            if day.number != newestDay {
                newestDay = day.number
                days = days.filter { $0.value.number > day.number - TelemetryStats.dayWindow }
            }
        }
        guard let newestDay, day.number > newestDay - TelemetryStats.dayWindow else { return }
        let type = String((row.eventType?.rawValue ?? "(none)").unicodeScalars.prefix(40))
        days[day.text, default: Day(number: day.number)].add(row, type: type)
    }

    /// Whether `timestamp` (as PostgreSQL prints it) falls in this tally's chart window.
    public func isInWindow(_ timestamp: String) -> Bool {
        guard let newestDay, let day = CivilDay(timestamp: timestamp) else { return false }
        return day.number > newestDay - TelemetryStats.dayWindow
    }

    /// The numbers the index page and its charts show.
    public var stats: TelemetryStats {
        var stats = TelemetryStats()
        stats.total = total
        stats.backfilled = backfilled
        stats.invalid = invalid
        stats.newest = newest.map { $0.replacing(" ", with: "T", maxReplacements: 1) }
        let numbers = days.values.map(\.number)
        let span = numbers.isEmpty ? [] : Array(numbers.min()!...numbers.max()!)
        stats.days = span.map { CivilDay(number: $0).text }
        let tallies = zip(span, stats.days).map { number, text in days[text] ?? Day(number: number) }
        let types = Set(tallies.flatMap(\.types.keys)).sorted()
        stats.eventsByType = types.map { type in (type, tallies.map { Double($0.types[type] ?? 0) }) }
        stats.live = tallies.map { Double($0.live) }
        stats.backfill = tallies.map { Double($0.backfill) }
        stats.errorRate = tallies.map { $0.live > 0 ? Double($0.liveErrors) / Double($0.live) : nil }
        let percentiles = tallies.map { Self.percentiles($0.times, [0.5, 0.95, 0.99]) }
        stats.latencyByType = Self.latency(tallies)
        stats.p50 = percentiles.map { $0[0] }
        stats.p95 = percentiles.map { $0[1] }
        stats.p99 = percentiles.map { $0[2] }
        return stats
    }
}

extension StatsTally.Day {
    mutating func add(_ row: TelemetryRow, type: String) {
        types[type, default: 0] += 1
        if row.isBackfill {
            backfill += 1
            return
        }
        live += 1
        if row.validationError != nil { liveErrors += 1 }
        guard let ms = row.processingTimeMs else { return }
        times[ms, default: 0] += 1
        typeTimes[type, default: [:]][ms, default: 0] += 1
        TypeLatency.keepSlowest(&slowest[type, default: []], .init(ms: ms, id: row.id))
    }

}

extension StatsTally {
    /// `percentile_cont(fractions) WITHIN GROUP (ORDER BY processing_time_ms)` of a histogram
    /// (time → rows), computed the way PostgreSQL does (float8 interpolation between
    /// neighbouring rows); nils for no rows.
    static func percentiles(_ times: [Int: Int], _ fractions: [Double]) -> [Double?] {
        let count = times.values.reduce(0, +)
        guard count > 0 else { return fractions.map { _ in nil } }
        let sorted = times.sorted { $0.key < $1.key }
        func value(at position: Int) -> Double {
            var seen = 0
            for (value, rows) in sorted {
                seen += rows
                if position < seen { return Double(value) }
            }
            return Double(sorted.last!.key)
        }
        return fractions.map { fraction in
            let position = fraction * Double(count - 1)
            let first = position.rounded(.down)
            let second = position.rounded(.up)
            let low = value(at: Int(first))
            guard second != first else { return low }
            return low + (position - first) * (value(at: Int(second)) - low)
        }
    }
}
