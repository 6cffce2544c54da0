public import Postgres
public import Telemetry

/// The headline numbers and chart series computed by PostgreSQL's own aggregates: the oracle
/// `StatsTally` (which folds rows in Swift, so incremental builds need no table scan) must match.
public enum StatsOracle {
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
                           - interval '\(TelemetryStats.dayWindow - 1) days'
            """
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
            perType[type, default: [:]][day, default: 0] += count
            if row.bool("backfill") == true {
                backfill[day, default: 0] += count
            } else {
                live[day, default: 0] += count
                liveErrors[day, default: 0] += Double(row.int("errors") ?? 0)
            }
        }
        // Every day from the window's oldest row to the newest, days without rows included.
        stats.days = []
        try connection.stream(
            """
            SELECT to_char(d, 'YYYY-MM-DD') AS day
              FROM generate_series((SELECT date_trunc('day', min(received_at)) FROM telemetry_automated_signals_log WHERE \(window)),
                                   (SELECT date_trunc('day', max(received_at)) FROM telemetry_automated_signals_log),
                                   interval '1 day') AS d
            """
        ) { row in if let day = row["day"] { stats.days.append(day) } }
        stats.eventsByType = perType.keys.sorted().map { type in (type, stats.days.map { perType[type]?[$0] ?? 0 }) }
        stats.live = stats.days.map { live[$0] ?? 0 }
        stats.backfill = stats.days.map { backfill[$0] ?? 0 }
        stats.errorRate = stats.days.map { day -> Double? in
            (live[day] ?? 0) > 0 ? (liveErrors[day] ?? 0) / live[day]! : nil
        }
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
        stats.latencyByType = try latency(connection, window: window, backfillTest: backfillTest)
        stats.p50 = stats.days.map { day -> Double? in percentiles[day]?.0 }
        stats.p95 = stats.days.map { day -> Double? in percentiles[day]?.1 }
        stats.p99 = stats.days.map { day -> Double? in percentiles[day]?.2 }
        return stats
    }
}

extension StatsOracle {
    /// Per event type over the window: PostgreSQL's percentiles, bucket counts and slowest rows.
    static func latency(_ connection: Connection, window: String, backfillTest: String) throws -> [TypeLatency] {
        let bounds = TypeLatency.bucketBounds
        let buckets = bounds.indices.map { index in
            let upper = index + 1 < bounds.count ? " AND processing_time_ms < \(bounds[index + 1])" : ""
            let lower = index == 0 ? "true" : "processing_time_ms >= \(bounds[index])"
            return "count(*) FILTER (WHERE \(lower)\(upper)) AS b\(index)"
        }
        var found: [TypeLatency] = []
        try connection.stream(
            """
            SELECT left(coalesce(CASE WHEN jsonb_typeof(raw_payload) = 'object' THEN raw_payload->>'event_type' END, '(none)'), 40) AS type,
                   count(*) AS n, percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY processing_time_ms) AS p,
                   array_to_string((array_agg(processing_time_ms ORDER BY processing_time_ms DESC, id DESC))[1:\(TypeLatency.slowestKept)], ',') AS ms,
                   array_to_string((array_agg(id ORDER BY processing_time_ms DESC, id DESC))[1:\(TypeLatency.slowestKept)], ',') AS ids,
                   \(buckets.joined(separator: ", "))
              FROM telemetry_automated_signals_log
             WHERE \(window) AND processing_time_ms IS NOT NULL AND NOT \(backfillTest)
             GROUP BY 1
            """
        ) { row in
            let p = (row["p"] ?? "").dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }
            let ms = (row["ms"] ?? "").split(separator: ",").compactMap { Int($0) }
            let ids = (row["ids"] ?? "").split(separator: ",").compactMap { Int($0) }
            found.append(
                TypeLatency(
                    type: row["type"] ?? "", rows: row.int("n") ?? 0, p50: p.first, p95: p.dropFirst().first,
                    p99: p.last, buckets: bounds.indices.map { row.int("b\($0)") ?? 0 },
                    slowest: zip(ms, ids).map { TypeLatency.Slow(ms: $0, id: $1) }))
        }
        return found.sorted { $0.type < $1.type }
    }

    /// Every validation error, oldest first, read straight from the table.
    public static func validationErrors(_ connection: Connection, _ body: (TelemetryRow) throws -> Void) throws {
        try connection.stream(
            """
            SELECT id, to_char(received_at, 'YYYY-MM-DD HH24:MI:SS') AS received_at, validation_error,
                   CASE WHEN jsonb_typeof(raw_payload) = 'object' THEN raw_payload->>'event_type' END AS event_type
              FROM telemetry_automated_signals_log WHERE validation_error IS NOT NULL ORDER BY id
            """
        ) { row in
            try body(
                TelemetryRow(
                    id: row.int("id") ?? 0, receivedAt: row["received_at"].map { Timestamp(text: $0) },
                    validationError: row["validation_error"],
                    eventType: row["event_type"].map(EventType.init(rawValue:))))
        }
    }
}
