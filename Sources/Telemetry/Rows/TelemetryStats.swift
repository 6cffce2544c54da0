import Postgres

/// Headline numbers and per-day series for the index page and its charts.
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

    public static func load(_ connection: Connection) throws -> TelemetryStats {
        var stats = TelemetryStats()
        let backfillTest =
            "coalesce(jsonb_typeof(handler_result) = 'object' AND handler_result->>'source' = 'backfill_7L', false)"
        if let row = try connection.query(
            """
            SELECT count(*) AS total, count(*) FILTER (WHERE \(backfillTest)) AS backfilled,
                   count(validation_error) AS invalid,
                   to_char(max(received_at), 'YYYY-MM-DD"T"HH24:MI:SS') AS newest
              FROM telemetry_automated_signals_log
            """
        ).first {
            stats.total = row.int("total") ?? 0
            stats.backfilled = row.int("backfilled") ?? 0
            stats.invalid = row.int("invalid") ?? 0
            stats.newest = row["newest"]
        }
        let window = """
            received_at >= (SELECT date_trunc('day', max(received_at)) FROM telemetry_automated_signals_log)
                           - interval '\(dayWindow - 1) days'
            """
        var byDay: [String: Int] = [:]
        var perType: [String: [String: Double]] = [:]
        var live: [String: Double] = [:]
        var backfill: [String: Double] = [:]
        var liveErrors: [String: Double] = [:]
        try connection.stream(
            """
            SELECT to_char(received_at, 'YYYY-MM-DD') AS day,
                   left(coalesce(CASE WHEN jsonb_typeof(raw_payload) = 'object' THEN raw_payload->>'event_type' END, '(none)'), 40) AS type,
                   \(backfillTest) AS backfill, count(*) AS n, count(validation_error) AS errors
              FROM telemetry_automated_signals_log WHERE \(window)
             GROUP BY 1, 2, 3 ORDER BY 1
            """
        ) { row in
            guard let day = row["day"], let type = row["type"] else { return }
            let count = Double(row.int("n") ?? 0)
            byDay[day, default: 0] += 1
            perType[type, default: [:]][day, default: 0] += count
            if row.bool("backfill") == true {
                backfill[day, default: 0] += count
            } else {
                live[day, default: 0] += count
                liveErrors[day, default: 0] += Double(row.int("errors") ?? 0)
            }
        }
        stats.days = byDay.keys.sorted()
        stats.eventsByType = perType.keys.sorted().map { type in (type, stats.days.map { perType[type]?[$0] ?? 0 }) }
        stats.live = stats.days.map { live[$0] ?? 0 }
        stats.backfill = stats.days.map { backfill[$0] ?? 0 }
        stats.errorRate = stats.days.map { day in (live[day] ?? 0) > 0 ? (liveErrors[day] ?? 0) / live[day]! : 0 }
        var percentiles: [String: (Double, Double, Double)] = [:]
        try connection.stream(
            """
            SELECT to_char(received_at, 'YYYY-MM-DD') AS day,
                   percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY processing_time_ms) AS p
              FROM telemetry_automated_signals_log
             WHERE \(window) AND processing_time_ms IS NOT NULL AND NOT \(backfillTest)
             GROUP BY 1
            """
        ) { row in
            guard let day = row["day"], let text = row["p"] else { return }
            let values = text.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
            if values.count == 3 { percentiles[day] = (values[0], values[1], values[2]) }
        }
        stats.p50 = stats.days.map { percentiles[$0]?.0 ?? 0 }
        stats.p95 = stats.days.map { percentiles[$0]?.1 ?? 0 }
        stats.p99 = stats.days.map { percentiles[$0]?.2 ?? 0 }
        return stats
    }
}
