import ArgumentParser
import SiteBuilder
import Telemetry

struct RunCommand: ParsableCommand {
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

    func run() throws {
        let runner = BackfillRunner(shared: shared)
        var options = BackfillOptions(limit: BackfillLimit(requested: limit), all: true)
        options.jobs = jobs.jobs
        let (backfill, result) = runner.run(options)
        let (build, report) = SiteRunner(shared: shared, site: site).run()
        // After the build, so the summary says what changed in the validation errors.
        if let summary = result.flatMap({ runner.summary(of: $0, trends: report?.errorTrends) }) {
            self.summary.append(summary, logger: runner.logger)
        }
        let status = backfill != ExitStatus.done ? backfill : build
        if status != ExitStatus.done { throw ExitCode(status) }
    }
}
