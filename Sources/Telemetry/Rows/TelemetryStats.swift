/// Headline numbers and per-day series for the index page and its charts (from a `StatsTally`).
public struct TelemetryStats: Sendable {
    /// Rows in the table.
    public var total = 0
    /// Rows the backfill made.
    public var backfilled = 0
    /// Rows with a validation error.
    public var invalid = 0
    /// The newest `received_at`.
    public var newest: String?
    /// Days (YYYY-MM-DD) of the chart window, oldest first (at most `dayWindow`).
    public var days: [String] = []
    /// Per event type, rows per day (aligned with `days`).
    public var eventsByType: [(type: String, counts: [Double])] = []
    /// Live rows per day, oldest day first.
    public var live: [Double] = []
    /// Backfilled rows per day, oldest day first.
    public var backfill: [Double] = []
    /// Share of live rows with a validation error, per day.
    public var errorRate: [Double] = []
    /// Processing time of live rows per day: p50, p95, p99.
    public var p50: [Double] = []
    /// 95th percentile of `processing_time_ms` per day.
    public var p95: [Double] = []
    /// 99th percentile of `processing_time_ms` per day.
    public var p99: [Double] = []

    /// Days the charts show, ending at the newest row's day.
    public static let dayWindow = 90

    /// Empty statistics (no rows).
    public init() {}
}
