import RunSummaries
import SiteTemplates
import Telemetry

/// The index's "processing time by event type": per type, its live rows' percentiles over the
/// chart window and its slowest rows, then the distribution chart.
enum LatencySection {
    static func context(_ stats: TelemetryStats) -> TemplateValue? {
        guard let first = stats.days.first, let last = stats.days.last, let chart = Charts.latency(stats) else {
            return nil
        }
        let unit = ChartScale.Unit.milliseconds
        return .object([
            "window": .string(first == last ? first : "\(first) to \(last)"), "chart": .string(chart),
            "types": .list(
                stats.latencyByType.map { latency in
                    .object([
                        "type": .string(latency.type), "rows": .string(Count.text(latency.rows)),
                        "p50": .string(latency.p50.map(unit.labelled) ?? "–"),
                        "p95": .string(latency.p95.map(unit.labelled) ?? "–"),
                        "p99": .string(latency.p99.map(unit.labelled) ?? "–"),
                        "slowest": .list(
                            latency.slowest.map {
                                .object(["id": .int($0.id), "ms": .string(unit.labelled(Double($0.ms)))])
                            }
                        ),
                    ])
                }),
        ])
    }
}
