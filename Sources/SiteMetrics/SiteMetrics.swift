import CoreMetrics
public import Prometheus
import SystemIO

/// The metrics of one process: swift-metrics handles backed by a Prometheus registry of its
/// own (not the global `MetricsSystem`, so servers and tests in one process do not mix).
///
/// Emitted in the Prometheus text format by swift-prometheus: at `/metrics` by the server, or
/// written atomically to a node-exporter textfile by the jobs.
public final class SiteMetrics: Sendable {
    /// The registry the handles write to.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// An empty registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            MetricName.httpRequestDuration: [
                .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                .milliseconds(2500), .seconds(5), .seconds(10),
            ],
            MetricName.backfillDuration: Self.jobBuckets,
            MetricName.siteBuildDuration: Self.jobBuckets,
        ]
        self.factory = factory
    }

    /// Buckets for jobs that take from a tenth of a second to an hour.
    private static let jobBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60),
        .seconds(300), .seconds(900), .seconds(3600),
    ]

    /// Adds `amount` to the counter `name` with `labels`.
    public func count(_ name: String, _ labels: [(String, String)] = [], by amount: Int = 1) {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory).increment(by: amount)
    }

    /// Sets the gauge `name` with `labels` to `value`.
    public func set(_ name: String, _ labels: [(String, String)] = [], to value: Double) {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory).record(value)
    }

    /// Records `duration` in the histogram `name` with `labels`.
    public func observe(_ name: String, _ labels: [(String, String)] = [], duration: Duration) {
        CoreMetrics.Timer(label: name, dimensions: labels, factory: factory).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Registers the histogram `name` with `labels` without an observation (its buckets at 0).
    public func register(histogram name: String, _ labels: [(String, String)] = []) {
        _ = CoreMetrics.Timer(label: name, dimensions: labels, factory: factory)
    }

    /// Everything recorded, in the Prometheus text exposition format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// Writes `exposition()` to `path` for node-exporter's textfile collector: to a temporary
    /// file beside it, then renamed over it, so the collector never reads half a file.
    public func writeTextfile(to path: String) throws {
        try PrivateFiles.write(exposition(), to: path, mode: 0o644)
    }
}
