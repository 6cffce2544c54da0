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
    /// Days (YYYY-MM-DD) of the chart window, oldest first (at most `dayWindow`): every day from
    /// the oldest day with a row to the newest, days without rows included.
    public var days: [String] = []
    /// Per event type, rows per day (aligned with `days`).
    public var eventsByType: [(type: String, counts: [Double])] = []
    /// Live rows per day, oldest day first.
    public var live: [Double] = []
    /// Backfilled rows per day, oldest day first.
    public var backfill: [Double] = []
    /// Share of live rows with a validation error, per day (nil for a day without live rows).
    public var errorRate: [Double?] = []
    /// Median `processing_time_ms` of live rows per day (nil for a day without timed live rows).
    public var p50: [Double?] = []
    /// 95th percentile of `processing_time_ms` of live rows per day.
    public var p95: [Double?] = []
    /// 99th percentile of `processing_time_ms` of live rows per day.
    public var p99: [Double?] = []

    /// Per event type (by name), the processing time of live rows over the chart window.
    public var latencyByType: [TypeLatency] = []

    /// Days the charts show, ending at the newest row's day.
    public static let dayWindow = 90

    /// Empty statistics (no rows).
    public init() {}
}
