import ArgumentParser
import Notify
import SiteBuilder
import SiteMetrics
import Telemetry

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: backfill --all, then build the site.",
        discussion:
            "A failed backfill still rebuilds the site (which then shows a banner naming the failed run); the exit code is non-zero if either step failed."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var site: SiteOptions

    @Option(parsing: .unconditional, help: "Rows per batch, clamped to \(BackfillLimit.range).")
    var limit: Int = BackfillLimit.range.upperBound

    @OptionGroup var summary: SummaryOptions
    @OptionGroup var jobs: JobsOption
    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var metricsFile: MetricsFileOption
    @OptionGroup var notify: NotifyOptions

    func run() async throws {
        let metrics = JobMetrics(command: "run", file: metricsFile)
        defer { metrics.finish() }
        let runner = BackfillRunner(shared: shared)
        var options = BackfillOptions(limit: BackfillLimit(requested: limit), all: true)
        options.jobs = jobs.jobs
        let (backfill, result) = runner.run(options)
        metrics.backfill(result)
        let (build, report) = buildAfterBackfill(metrics: metrics)
        // After the build, so the summary says what changed in the validation errors.
        if let summary = result.flatMap({ runner.summary(of: $0, trends: report?.errorTrends) }) {
            self.summary.append(summary, logger: runner.logger)
        }
        // Told after the summary: a notification that fails is logged and counted, never fatal.
        let message = NightMessage(
            report: result?.report, trends: report?.errorTrends, failure: metrics.failureMessage,
            siteURL: notify.siteURL, redact: runner.redactText())
        await notify.send(message, metrics: metrics.metrics, logger: runner.logger)
        let status = backfill != ExitStatus.done ? backfill : build
        if status != ExitStatus.done { throw ExitCode(status) }
    }

    /// The build, from the standby once it has replayed the backfill when one is given.
    private func buildAfterBackfill(metrics: JobMetrics) -> (status: Int32, report: SiteBuildReport?) {
        let catchUp: ReplicaCatchUp?
        do {
            catchUp = try replica.catchUp(primary: shared.databaseURL)
        } catch {
            Console.error("error: site build failed: could not read the primary's WAL position: \(error)")
            metrics.failed(.database, "site build: could not read the primary's WAL position: \(error)")
            return (ExitStatus.failed, nil)
        }
        var runner = SiteRunner(shared: shared, site: site, readURL: replica.readURL, catchUp: catchUp)
        runner.metrics = metrics
        return runner.run()
    }
}
