import ArgumentParser
import Foundation
import Logging
import RunSummaries

/// Where a command appends the run's Markdown summary (a CI job summary, a pull-request
/// comment) and how big it may be; shared by `backfill` and `run`.
struct SummaryOptions: ParsableArguments {
    @Option(
        name: .customLong("summary-file"), help: "Append the run's Markdown summary to this file (CI job summaries).")
    var file: String?

    @Option(
        name: .customLong("summary-max"),
        help: ArgumentHelp(
            "Largest summary in bytes (default 1 MiB, GitHub's job-summary limit; 65536 fits a pull-request comment).",
            discussion: "Failed-row details go first, then the settings and counts tables; the headline always stays.",
            valueName: "bytes"))
    var maxBytes: Int = RunSummary.byteLimit

    func validate() throws {
        guard maxBytes >= RunSummary.minimumBytes else {
            throw ValidationError("--summary-max must be at least \(RunSummary.minimumBytes) bytes, not \(maxBytes)")
        }
    }

    /// Appends `summary` rendered at `maxBytes` to the file, when one was asked for.
    func append(_ summary: RunSummary, logger: Logger) {
        guard let file else { return }
        let markdown = summary.markdown(maxBytes: maxBytes)
        if !FileManager.default.fileExists(atPath: file) {
            _ = FileManager.default.createFile(atPath: file, contents: nil)
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            logger.error("could not append the summary to \(file): \(error)")
        }
    }
}
