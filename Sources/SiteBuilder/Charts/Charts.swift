import Foundation
import Telemetry

/// The index page's four charts from the stats.
enum Charts {
    static func all(_ stats: TelemetryStats) -> [String] {
        let window = stats.days.isEmpty ? "no data" : "\(stats.days.first!) to \(stats.days.last!)"
        return [
            SVGChart(
                id: "chart-events", title: "Events per day by event type",
                description: "Stacked bars: telemetry rows per day, one colour per event type, \(window).",
                days: stats.days, series: stats.eventsByType.map { .init(name: $0.type, values: $0.counts) },
                style: .stackedBars
            ).render(),
            SVGChart(
                id: "chart-latency", title: "Processing time per day (ms): p50, p95, p99",
                description: "Lines: percentiles of processing_time_ms of live webhooks per day, \(window).",
                days: stats.days,
                series: [
                    .init(name: "p50", values: stats.p50), .init(name: "p95", values: stats.p95),
                    .init(name: "p99", values: stats.p99),
                ],
                style: .lines
            ).render(),
            SVGChart(
                id: "chart-errors", title: "Validation error rate per day",
                description: "Line: share of live webhooks with a validation error per day, \(window).",
                days: stats.days, series: [.init(name: "error rate", values: stats.errorRate)], style: .lines,
                format: { String(format: "%.1f%%", $0 * 100) }
            ).render(),
            SVGChart(
                id: "chart-sources", title: "Live vs backfill rows per day",
                description: "Stacked bars: live webhook rows and backfilled rows per day, \(window).",
                days: stats.days,
                series: [.init(name: "live", values: stats.live), .init(name: "backfill", values: stats.backfill)],
                style: .stackedBars
            ).render(),
        ]
    }
}
