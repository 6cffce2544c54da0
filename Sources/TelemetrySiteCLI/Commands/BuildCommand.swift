import ArgumentParser
import Foundation
import Logging
import RunSummaries
import SiteBuilder
import Telemetry

/// Options of the site build, shared by `build`, `run` and `demo`.
struct SiteOptions: ParsableArguments {
    @Option(help: "Output folder of the site.")
    var out: String = "Site"

    @Option(help: "A folder of templates that replace the defaults (Templates/) file by file.")
    var templates: String?

    @Flag(help: "Render every page, even when an incremental build would do.")
    var full = false

    @Option(help: "How many of the newest backfill runs keep a page (runs that inserted rows always do).")
    var runPages: Int = 500

    func validate() throws {
        guard runPages >= 1 else { throw ValidationError("--run-pages must be at least 1") }
    }

    /// The build's options; it reads from `readURL` when given (a standby), else the primary.
    func buildOptions(_ shared: SharedOptions, readURL: String? = nil) -> SiteBuildOptions {
        var options = SiteBuildOptions(
            databaseURL: readURL ?? shared.databaseURL, out: URL(fileURLWithPath: out, isDirectory: true),
            templates: templates.map { URL(fileURLWithPath: $0, isDirectory: true) }, stateDirectory: shared.stateURL,
            full: full)
        options.runPages = runPages
        options.redaction = shared.redaction
        return options
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render the telemetry table into a static HTML + Markdown site.",
        discussion:
            "Incremental by default: only new rows' pages, the newest archive page, touched trades, errors, runs and the index."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var site: SiteOptions
    @OptionGroup var replica: ReplicaOptions

    @Flag(help: "Print the build report as JSON.")
    var json = false

    @OptionGroup var metricsFile: MetricsFileOption

    func run() throws {
        let metrics = JobMetrics(command: "build", file: metricsFile)
        defer { metrics.finish() }
        // No backfill of its own to wait for: the build reads what the standby has replayed.
        var runner = SiteRunner(shared: shared, site: site, json: json, readURL: replica.readURL)
        runner.metrics = metrics
        let (status, _) = runner.run()
        if status != ExitStatus.done { throw ExitCode(status) }
    }
}

/// Runs a site build for a command and reports it.
struct SiteRunner {
    var shared: SharedOptions
    var site: SiteOptions
    var json = false
    /// Where the build reads (a standby), nil for the primary.
    var readURL: String?
    /// The wait for the standby to replay a backfill that came just before.
    var catchUp: ReplicaCatchUp?
    /// Where the build's outcome is recorded, if anywhere.
    var metrics: JobMetrics?

    func run() -> (status: Int32, report: SiteBuildReport?) {
        let logger = Logger(label: "telemetry-site.build")
        let bar = Console.stderrIsTerminal && !json
        var options = site.buildOptions(shared, readURL: readURL)
        options.catchUp = catchUp
        let started = ContinuousClock.now
        do {
            let report = try SiteBuilder(options: options, logger: logger) { done, total in
                guard bar, total > 0 else { return }
                let percent = min(100, done * 100 / total)
                FileHandle.standardError.write(Data("\r\u{1B}[2Krendering rows \(done)/\(total) (\(percent)%)".utf8))
            }.build()
            if bar { FileHandle.standardError.write(Data("\n".utf8)) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                Console.out(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                Console.out(
                    "site built (\(report.mode): \(report.reason)): \(Count.of(report.rows, "row")), "
                        + "\(Count.of(report.pages, "page")) rendered, \(Count.of(report.written, "file")) written "
                        + "in \(report.durationMs) ms → \(report.out)/index.html")
            }
            metrics?.build(started: started, error: nil)
            return (ExitStatus.done, report)
        } catch {
            metrics?.build(started: started, error: error)
            Console.error("error: site build failed: \(error)")
            return (ExitStatus.failed, nil)
        }
    }
}
