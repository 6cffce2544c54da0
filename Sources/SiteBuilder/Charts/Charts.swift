import Foundation
import Telemetry

/// The index page's four charts from the stats. Every bar and point leads to `search.html` with
/// the filters that select exactly its rows: that day, and the event type, source or "validation
/// error: yes" its series stands for.
enum Charts {
    static func all(_ stats: TelemetryStats) -> [String] {
        let window = stats.days.isEmpty ? "no data" : "\(stats.days.first!) to \(stats.days.last!)"
        let days = stats.days
        func day(_ index: Int) -> [(String, String)] { [("from", days[index]), ("to", days[index])] }
        let types = stats.eventsByType.map(\.type)
        return [
            SVGChart(
                id: "chart-events", title: "Events per day by event type",
                description: "Stacked bars: telemetry rows per day, one colour per event type, \(window).",
                labels: days, series: stats.eventsByType.map { .init(name: $0.type, values: $0.counts) },
                style: .stackedBars,
                link: { index, series in
                    // "(none)" stands for rows without an event type: the search cannot select them alone.
                    let type = series.map { types[$0] }.flatMap { $0 == "(none)" ? nil : $0 }
                    return search(day(index) + (type.map { [("event", $0)] } ?? []))
                }
            ).render(),
            SVGChart(
                id: "chart-latency", title: "Processing time per day: p50, p95, p99",
                description:
                    "Lines: percentiles of processing_time_ms of live webhooks per day, \(window); gaps are days without live rows.",
                labels: days,
                series: [
                    .init(name: "p50", values: stats.p50), .init(name: "p95", values: stats.p95),
                    .init(name: "p99", values: stats.p99),
                ],
                style: .lines, unit: .milliseconds,
                link: { index, _ in search(day(index) + [("source", "live")]) }
            ).render(),
            SVGChart(
                id: "chart-errors", title: "Validation error rate per day",
                description:
                    "Line: share of live webhooks with a validation error per day, \(window); gaps are days without live rows.",
                labels: days, series: [.init(name: "error rate", values: stats.errorRate)], style: .lines,
                unit: .percent,
                link: { index, _ in search(day(index) + [("source", "live"), ("error", "yes")]) }
            ).render(),
            SVGChart(
                id: "chart-sources", title: "Live vs backfill rows per day",
                description: "Stacked bars: live webhook rows and backfilled rows per day, \(window).",
                labels: days,
                series: [.init(name: "live", values: stats.live), .init(name: "backfill", values: stats.backfill)],
                style: .stackedBars,
                link: { index, series in
                    search(day(index) + (series.map { [("source", $0 == 0 ? "live" : "backfill")] } ?? []))
                }
            ).render(),
        ]
    }

    /// `search.html` with `filters` in its query, each value percent-encoded.
    static func search(_ filters: [(String, String)], root: String = "") -> String {
        "\(root)search.html?" + filters.map { "\($0)=\(encoded($1))" }.joined(separator: "&")
    }

    /// `value` with everything but the unreserved characters percent-encoded.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// RFC 3986's unreserved characters: everything else in a query value is percent-encoded.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension Charts {
    /// Live rows per processing-time bucket over the chart window, one colour per event type;
    /// a bar opens the search for that type, bucket and window.
    static func latency(_ stats: TelemetryStats) -> String? {
        guard let first = stats.days.first, let last = stats.days.last, !stats.latencyByType.isEmpty else {
            return nil
        }
        let bounds = TypeLatency.bucketBounds
        let types = stats.latencyByType
        return SVGChart(
            id: "chart-latency-types", title: "Processing time distribution by event type",
            description:
                "Stacked bars: live rows of \(first) to \(last) per processing-time bucket (roughly logarithmic), one colour per event type.",
            labels: ChartXAxis.bucketNames(bounds),
            series: types.map { .init(name: $0.type, values: $0.buckets.map(Double.init)) },
            style: .stackedBars, axis: .buckets(bounds),
            link: { index, series in
                var filters = [("from", first), ("to", last), ("source", "live"), ("msmin", "\(bounds[index])")]
                if index + 1 < bounds.count { filters.append(("msmax", "\(bounds[index + 1])")) }
                if let series, types[series].type != "(none)" { filters.append(("event", types[series].type)) }
                return search(filters)
            }
        ).render()
    }
}
