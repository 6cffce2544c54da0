import ArgumentParser
import Foundation
import Postgres
import SiteMetrics
import SystemIO
import Telemetry

/// `--metrics-file PATH`: where `run`, `backfill` and `build` leave their metrics.
struct MetricsFileOption: ParsableArguments {
    @Option(
        name: .customLong("metrics-file"),
        help: ArgumentHelp(
            "Write this command's metrics to PATH in Prometheus text format, atomically (for node-exporter's textfile collector, which reads *.prom).",
            valueName: "path"))
    var path: String?

    func validate() throws {
        if let path, !path.hasSuffix(".prom") {
            throw ValidationError(
                "--metrics-file \(path) must end in .prom (node-exporter's textfile collector reads only those)")
        }
    }
}

/// One command's metrics (the names `serve` exports, plus the job's own), written to
/// `--metrics-file` when the command ends, whatever its outcome.
final class JobMetrics: Sendable {
    let metrics = SiteMetrics()
    private let command: String
    private let path: String?
    /// The first stage that failed, and what it said.
    private let failure = Locked<(stage: SiteMetrics.JobFailure, message: String)?>(nil)

    init(command: String, file: MetricsFileOption) {
        self.command = command
        self.path = file.path
        metrics.prepareJobs()
    }

    /// Records that `stage` failed with `message` (the first failure is the job's).
    func failed(_ stage: SiteMetrics.JobFailure, _ message: String) {
        failure.withLock { if $0 == nil { $0 = (stage, message) } }
    }

    /// What failed first, nil when nothing did.
    var failureMessage: String? { failure.withLock { $0?.message } }

    /// Records a backfill; nil when its settings could not be loaded.
    func backfill(_ result: BackfillJob.Result?) {
        guard let result else { return failed(.settings, "the redaction rules could not be loaded") }
        metrics.backfill(result)
        guard result.outcome.failure != nil else { return }
        let message = "backfill: " + (result.report.error ?? "failed")
        failed(result.reachedDatabase ? .backfill : .database, message)
    }

    /// Records a site build that started at `started`: `error` nil when it succeeded.
    func build(started: ContinuousClock.Instant, error: (any Error)?) {
        metrics.siteBuild(succeeded: error == nil, trigger: .command, duration: ContinuousClock.now - started)
        guard let error else { return }
        failed((error as? PostgresError)?.kind == .connectionFailed ? .database : .build, "site build: \(error)")
    }

    /// Records the job's end and writes the file, when one was asked for. A file that cannot be
    /// written is reported, and does not change the command's exit status.
    func finish() {
        metrics.job(command, failure: failure.withLock { $0?.stage }, at: Date().timeIntervalSince1970)
        guard let path else { return }
        do {
            try metrics.writeTextfile(to: path)
        } catch {
            Console.error("warning: could not write the metrics file: \(error)")
        }
    }
}
