import Foundation
import Markdown
import Telemetry

/// The sections of a run summary, each a Markdown block ending in a newline.
extension RunSummary {
    func title() -> String {
        "# Backfill run \(MarkdownEscape.inline(record.runID))\n"
    }

    func headline() -> String {
        let status: String
        if record.dryRun {
            status = record.success ? "🔎 **Dry run**" : "❌ **Dry run failed**"
        } else if !record.success {
            status = "❌ **Failed**"
        } else {
            status = record.failed.isEmpty ? "✅ **Succeeded**" : "⚠️ **Succeeded with failed rows**"
        }
        let seconds = String(format: "%.2f", Double(record.durationMs) / 1000)
        if record.dryRun {
            return
                "\(status): would insert \(number(record.wouldInsert ?? 0)) of \(number(record.scanned)) scanned rows "
                + "(\(number(record.skipped)) skipped) in \(seconds) s; nothing was written.\n"
        }
        return
            "\(status): inserted \(number(record.inserted)) of \(number(record.scanned)) scanned rows "
            + "(\(number(record.skipped)) skipped, \(number(record.failed.count)) failed) in \(seconds) s.\n"
    }

    func countsTable() -> String {
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

    func settingsTable() -> String {
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
        ]
        var lines = ["## Run", "", "| setting | value |", "|---|---|"]
        for (name, value) in rows { lines.append("| \(name) | \(value) |") }
        return lines.joined(separator: "\n") + "\n"
    }

    func errorSection(maxCharacters: Int) -> String {
        guard let error = record.publishedError else { return "" }
        let (text, cut) = error.prefix(characters: maxCharacters)
        return "## Error\n\n" + MarkdownEscape.fencedBlock(String(text) + (cut ? "…" : ""), language: "text")
    }

    /// The failed rows in a folded table, cut whole to stay within `budget` bytes.
    func failedSection(budget: Int, limit: Int) -> (text: String, shown: Int) {
        guard !record.failed.isEmpty else { return ("", 0) }
        var lines = [
            "<details><summary>Failed rows (\(number(record.failed.count)))</summary>", "",
            "| source id | error |", "|---:|---|",
        ]
        // Room for the closing lines and the truncation notice.
        var used = lines.reduce(0) { $0 + $1.utf8.count + 1 } + 300
        var shown = 0
        for row in record.failed {
            let line = "| \(row.id) | \(MarkdownEscape.cell(row.error)) |"
            if used + line.utf8.count + 1 > budget { break }
            lines.append(line)
            used += line.utf8.count + 1
            shown += 1
        }
        if shown == 0 { return ("", 0) }
        if shown < record.failed.count {
            lines.append("")
            lines.append(
                "**Truncated:** \(number(record.failed.count - shown)) more failed rows are not shown "
                    + "to keep this summary under \(number(limit)) bytes; all of them are in the run record "
                    + "\(MarkdownEscape.inline(record.runID)).json.")
        }
        lines.append("")
        lines.append("</details>")
        return (lines.joined(separator: "\n") + "\n", shown)
    }
}
