import ArgumentParser
import Foundation
import Logging
import Redaction
import RunSummaries
import Telemetry

struct BackfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Insert one synthetic telemetry row per automated_signals row not yet covered.",
        discussion:
            "Reads automated_signals (never writes it) and writes a run record (JSON + Markdown) under the state folder."
    )

    @OptionGroup var shared: SharedOptions

    @Option(parsing: .unconditional, help: "Rows per batch, clamped to \(BackfillLimit.range).")
    var limit: Int = BackfillLimit.defaultValue

    @Flag(help: "Take batches until no eligible row is left.")
    var all = false

    @Flag(name: .customLong("dry-run"), help: "Count what would be inserted; write nothing.")
    var dryRun = false

    @OptionGroup var jobs: JobsOption

    @Flag(help: "Print the result as one JSON object on stdout.")
    var json = false

    @OptionGroup var summary: SummaryOptions
    @OptionGroup var metricsFile: MetricsFileOption

    func run() throws {
        let metrics = JobMetrics(command: "backfill", file: metricsFile)
        defer { metrics.finish() }
        var options = BackfillOptions(
            limit: BackfillLimit(requested: limit), all: all, dryRun: dryRun, trigger: .commandLine)
        options.jobs = jobs.jobs
        let runner = BackfillRunner(shared: shared, json: json)
        let (status, result) = runner.run(options)
        metrics.backfill(result)
        if let summary = result.flatMap({ runner.summary(of: $0) }) {
            self.summary.append(summary, logger: runner.logger)
        }
        if status != ExitStatus.done { throw ExitCode(status) }
    }
}

/// `--jobs N`: connections inserting batches at once.
struct JobsOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Connections inserting batches at once (default: one per core, at most 8).", valueName: "n"))
    var jobs: Int = BackfillOptions.defaultJobs

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64, not \(jobs)") }
    }
}

/// Runs a backfill job for a command and reports it on the terminal; shared by `backfill`,
/// `run` and `demo`.
struct BackfillRunner {
    var shared: SharedOptions
    var json = false
    let logger = Logger(label: "telemetry-site.backfill")

    /// Runs the job; the result is nil when the redaction rules could not be loaded.
    func run(_ options: BackfillOptions) -> (status: Int32, result: BackfillJob.Result?) {
        if options.limit.wasClamped {
            logger.warning(
                "limit \(options.limit.requested) clamped to \(options.limit.used) (allowed: \(BackfillLimit.range))")
        }
        let bar = options.all && Console.stderrIsTerminal && !json ? ProgressBar() : nil
        let redactor: Redactor?
        do {
            redactor = try shared.redaction.redactor(stateDirectory: shared.stateURL)
        } catch {
            Console.error("error: \(error)")
            return (ExitStatus.failed, nil)
        }
        if redactor == nil { logger.warning("redaction is off (--no-redact): the run record keeps errors as stored") }
        let job = BackfillJob(
            databaseURL: shared.databaseURL, stateDirectory: shared.stateURL,
            reporting: .markdown(redactor: redactor))
        let result = job.run(
            options, logger: logger,
            progress: { progress in
                if let bar {
                    bar.update(progress)
                } else {
                    logger.info(
                        "batch \(progress.batch) done",
                        metadata: [
                            "scanned": "\(progress.scanned)", "inserted": "\(progress.inserted)",
                            "failed": "\(progress.failed)",
                        ])
                }
            })
        bar?.finish()
        if json {
            Console.out(Self.jsonText(result.report))
        } else {
            Console.out(Self.humanText(result, store: job.store))
        }
        switch result.outcome.failure {
        case .alreadyRunning:
            Console.error("error: \(BackfillOutcome.alreadyRunningMessage)")
            return (ExitStatus.alreadyRunning, result)
        case .some:
            Console.error("error: \(result.report.error ?? "backfill failed")")
            return (ExitStatus.failed, result)
        case nil:
            return (ExitStatus.done, result)
        }
    }

    /// Masks secrets in free text as the run records do (nothing when redaction is off or its
    /// rules cannot be loaded: the run then failed on them already).
    func redactText() -> @Sendable (String) -> String {
        let redactor = try? shared.redaction.redactor(stateDirectory: shared.stateURL)
        return RunReporting.markdown(redactor: redactor ?? nil).redactText
    }

    /// The summary of the run `result` stored, compared with the run before it; `trends` are
    /// those of the site build that followed, when there was one.
    func summary(of result: BackfillJob.Result, trends: ErrorTrends? = nil) -> RunSummary? {
        guard let record = result.record else { return nil }
        let store = RunStore(stateDirectory: shared.stateURL)
        return RunSummary(record: record, previous: try? store.latest(before: record.runID), trends: trends)
    }

    static func jsonText(_ report: BackfillReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func humanText(_ result: BackfillJob.Result, store: RunStore) -> String {
        let report = result.report
        guard let record = result.record else { return "backfill not run: \(report.error ?? "")" }
        let verb = report.dryRun ? "would insert \(report.wouldInsert ?? 0)" : "inserted \(report.inserted)"
        var text =
            "\(report.success ? "backfill done" : "backfill FAILED"): \(verb), scanned \(report.scanned), "
            + "skipped \(report.skipped), failed \(report.failed), limit \(report.limit), "
            + "\(report.durationMs) ms, run \(record.runID)"
        for row in report.failedRows.prefix(10) { text += "\n  failed row \(row.id): \(row.error)" }
        text += "\nrun record: \(store.markdownURL(record.runID).path)"
        return text
    }
}
