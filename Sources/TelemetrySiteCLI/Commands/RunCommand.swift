import ArgumentParser
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

    @Option(name: .customLong("summary-file"), help: "Append the run's Markdown summary to this file.")
    var summaryFile: String?

    func run() throws {
        let backfill = BackfillRunner(shared: shared, summaryFile: summaryFile)
            .run(BackfillOptions(limit: BackfillLimit(requested: limit), all: true))
        let build = SiteRunner(shared: shared, site: site).run()
        let status = backfill != ExitStatus.done ? backfill : build
        if status != ExitStatus.done { throw ExitCode(status) }
    }
}
