/// Processing time of one event type's live rows over the chart window: percentiles, how many
/// rows fall in each of the search's time buckets, and the slowest rows.
public struct TypeLatency: Sendable, Equatable {
    /// A row and its `processing_time_ms`.
    public struct Slow: Codable, Sendable, Equatable {
        /// `processing_time_ms`.
        public var ms: Int
        /// The row's id.
        public var id: Int

        /// Row `id`, which took `ms`.
        public init(ms: Int, id: Int) {
            self.ms = ms
            self.id = id
        }
    }

    /// The event type (clipped to 40 characters, `(none)` for rows without one).
    public var type: String
    /// Live rows with a processing time.
    public var rows: Int
    /// `percentile_cont` 0.5 of their processing times.
    public var p50: Double?
    /// `percentile_cont` 0.95.
    public var p95: Double?
    /// `percentile_cont` 0.99.
    public var p99: Double?
    /// Rows per bucket of `bucketBounds` (bucket i: `bounds[i] <= ms < bounds[i + 1]`).
    public var buckets: [Int]
    /// The slowest rows, slowest first (the higher id first on a tie).
    public var slowest: [Slow]

    /// Lower bounds (ms) of the distribution's buckets, roughly logarithmic (1, 2.5, 5 per
    /// decade): the search page's time filter uses the same ones.
    public static let bucketBounds = [0, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000]
    /// Every field as given.
    public init(
        type: String, rows: Int, p50: Double?, p95: Double?, p99: Double?, buckets: [Int], slowest: [Slow]
    ) {
        self.type = type
        self.rows = rows
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.buckets = buckets
        self.slowest = slowest
    }

    /// How many slowest rows each type keeps.
    public static let slowestKept = 5

    /// The bucket of `ms` (negative times count in the first).
    public static func bucket(_ ms: Int) -> Int {
        max(0, bucketBounds.lastIndex { $0 <= ms } ?? 0)
    }

    /// Adds `row` to `list` when it is among the slowest.
    static func keepSlowest(_ list: inout [Slow], _ row: Slow) {
        if list.count == slowestKept, let fastest = list.last, (fastest.ms, fastest.id) >= (row.ms, row.id) { return }
        let at = list.firstIndex { ($0.ms, $0.id) < (row.ms, row.id) } ?? list.count
        guard at < slowestKept else { return }
        list.insert(row, at: at)
        if list.count > slowestKept { list.removeLast() }
    }
}

extension StatsTally {
    /// Per event type, the window's processing times merged over its days; types by name.
    static func latency(_ days: [Day]) -> [TypeLatency] {
        var times: [String: [Int: Int]] = [:]
        var slowest: [String: [TypeLatency.Slow]] = [:]
        for day in days {
            for (type, histogram) in day.typeTimes { times[type, default: [:]].merge(histogram, uniquingKeysWith: +) }
            for (type, rows) in day.slowest {
                for row in rows { TypeLatency.keepSlowest(&slowest[type, default: []], row) }
            }
        }
        return times.keys.sorted().map { type in
            let histogram = times[type]!
            let p = percentiles(histogram, [0.5, 0.95, 0.99])
            var buckets = Array(repeating: 0, count: TypeLatency.bucketBounds.count)
            for (ms, rows) in histogram { buckets[TypeLatency.bucket(ms)] += rows }
            return TypeLatency(
                type: type, rows: histogram.values.reduce(0, +), p50: p[0], p95: p[1], p99: p[2], buckets: buckets,
                slowest: slowest[type] ?? [])
        }
    }
}
