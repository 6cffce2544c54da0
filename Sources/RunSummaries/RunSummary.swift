import Foundation
import Markdown
public import Telemetry

/// The Markdown a reviewer reads for one run: a headline, a GFM table of counts compared with
/// the previous run, the run's settings, and the failed rows folded in `<details>`.
///
/// Every value from the database is escaped (`|` cannot open a cell, tags show as text), and
/// the document stays under `byteLimit`: failed rows are cut whole, with a notice, to fit.
public struct RunSummary: Sendable {
    public static let byteLimit = 1 << 20

    /// The run summarised.
    public var record: RunRecord
    /// The run before it, whose counts the summary compares with.
    public var previous: RunRecord?

    /// A summary of `record`, compared with `previous` when there is one.
    public init(record: RunRecord, previous: RunRecord?) {
        self.record = record
        self.previous = previous
    }

    /// The summariser a `BackfillJob` stores beside each run record.
    public static let summarizer: RunSummarizer = { RunSummary(record: $0, previous: $1).markdown() }

    /// The whole document (at most `byteLimit` bytes).
    public func markdown() -> String {
        let head = [title(), headline(), countsTable(), settingsTable(), errorSection()].joined(separator: "\n")
        let budget = Self.byteLimit - head.utf8.count - 1024
        return head + "\n" + failedSection(budget: budget)
    }

    private func title() -> String {
        "# Backfill run \(MarkdownEscape.inline(record.runID))\n"
    }

    private func headline() -> String {
        let status: String
        if record.dryRun {
            status = record.success ? "🔎 **Dry run**" : "❌ **Dry run failed**"
        } else if !record.success {
            status = "❌ **Failed**"
        } else {
            status = record.failed.isEmpty ? "✅ **Succeeded**" : "⚠️ **Succeeded with failed rows**"
        }
        let seconds = String(format: "%.2f", Double(record.durationMs) / 1000)
        return
            "\(status): inserted \(number(record.inserted)) of \(number(record.scanned)) scanned rows "
            + "(\(number(record.skipped)) skipped, \(number(record.failed.count)) failed) in \(seconds) s.\n"
    }

    private func countsTable() -> String {
        var lines = ["## Counts", ""]
        let rows: [(String, Int, Int?)] = [
            ("scanned", record.scanned, previous?.scanned),
            ("inserted", record.inserted, previous?.inserted),
            ("skipped", record.skipped, previous?.skipped),
            ("failed", record.failed.count, previous?.failed.count),
            ("duration (ms)", record.durationMs, previous?.durationMs),
        ]
        if let previous {
            lines.append("| count | this run | since last run (\(MarkdownEscape.cell(previous.runID))) | change |")
            lines.append("|---|---:|---:|---:|")
            for (name, value, before) in rows {
                let old = before ?? 0
                let delta = value - old
                lines.append(
                    "| \(name) | \(number(value)) | \(number(old)) | \(delta > 0 ? "+" : "")\(number(delta)) |")
            }
        } else {
            lines.append("| count | this run |")
            lines.append("|---|---:|")
            for (name, value, _) in rows { lines.append("| \(name) | \(number(value)) |") }
            lines.append("")
            lines.append("No earlier run to compare with.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func settingsTable() -> String {
        let limit =
            record.limitRequested == record.limit
            ? number(record.limit) : "\(number(record.limit)) (asked \(record.limitRequested), clamped to 1–5000)"
        let rows: [(String, String)] = [
            ("trigger", MarkdownEscape.cell(record.trigger.description)),
            ("started", Self.timestamp(record.startedAt)),
            ("finished", Self.timestamp(record.finishedAt)),
            ("mode", record.dryRun ? "dry run" : (record.all ? "all batches" : "one batch")),
            ("limit per batch", limit),
            ("batches", number(record.batches)),
            ("database", MarkdownEscape.cell(record.database)),
        ]
        var lines = ["## Run", "", "| setting | value |", "|---|---|"]
        for (name, value) in rows { lines.append("| \(name) | \(value) |") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func errorSection() -> String {
        guard let error = record.error else { return "" }
        return "## Error\n\n" + MarkdownEscape.fencedBlock(String(error.prefix(4_000)), language: "text")
    }

    private func failedSection(budget: Int) -> String {
        guard !record.failed.isEmpty else { return "" }
        var lines = [
            "<details><summary>Failed rows (\(number(record.failed.count)))</summary>", "",
            "| source id | error |", "|---:|---|",
        ]
        var used = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        var shown = 0
        for row in record.failed {
            let line = "| \(row.id) | \(MarkdownEscape.cell(row.error)) |"
            if used + line.utf8.count + 1 > budget { break }
            lines.append(line)
            used += line.utf8.count + 1
            shown += 1
        }
        if shown < record.failed.count {
            lines.append("")
            lines.append(
                "**Truncated:** \(number(record.failed.count - shown)) more failed rows are not shown "
                    + "to keep this summary under 1 MiB; all of them are in `\(record.runID).json`.")
        }
        lines.append("")
        lines.append("</details>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
