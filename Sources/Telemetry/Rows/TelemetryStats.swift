/// Headline numbers and per-day series for the index page and its charts (from a `StatsTally`).
public struct TelemetryStats: Sendable {
    public var total = 0
    public var backfilled = 0
    public var invalid = 0
    public var newest: String?
    /// Days (YYYY-MM-DD) of the chart window, oldest first (at most `dayWindow`).
    public var days: [String] = []
    /// Per event type, rows per day (aligned with `days`).
    public var eventsByType: [(type: String, counts: [Double])] = []
    public var live: [Double] = []
    public var backfill: [Double] = []
    /// Share of live rows with a validation error, per day.
    public var errorRate: [Double] = []
    /// Processing time of live rows per day: p50, p95, p99.
    public var p50: [Double] = []
    public var p95: [Double] = []
    public var p99: [Double] = []

    public static let dayWindow = 90

    public init() {}
}
