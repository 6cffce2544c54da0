import Foundation
import Markdown
public import Telemetry

/// The Markdown a reviewer reads for one run: a headline, what changed in the validation
/// errors, a GFM table of counts compared with the previous run, the run's settings, and the
/// failed rows folded in `<details>`.
///
/// Every value from the database is escaped (`|` cannot open a cell, tags show as text), and
/// the document fits the size it is given (`markdown(maxBytes:)`) by leaving out the least
/// important parts first: failed rows (cut whole), then the settings table, then the counts
/// table, then the trend lists, then the error text; never the headline. What was left out is
/// said right under the headline.
public struct RunSummary: Sendable {
    /// GitHub's limit for a job summary: the default size.
    public static let byteLimit = 1 << 20
    /// The smallest size a summary can be asked for (the headline and the notice always fit).
    public static let minimumBytes = 4_096

    /// The run summarised.
    public var record: RunRecord
    /// The run before it, whose counts the summary compares with.
    public var previous: RunRecord?
    /// How validation-error groups changed at the site build after this run (nil: no build yet).
    public var trends: ErrorTrends?
    /// Where the groups link to (the errors page, relative to the summary); nil for no links.
    public var errorsPage: String?

    /// A summary of `record`, compared with `previous` when there is one.
    public init(record: RunRecord, previous: RunRecord?, trends: ErrorTrends? = nil, errorsPage: String? = nil) {
        self.record = record
        self.previous = previous
        self.trends = trends
        self.errorsPage = errorsPage
    }

    /// The summariser a `BackfillJob` stores beside each run record.
    public static let summarizer: RunSummarizer = { RunSummary(record: $0, previous: $1).markdown() }

    /// The whole document, at most `maxBytes` bytes (at least `minimumBytes`) of UTF-8.
    public func markdown(maxBytes: Int = byteLimit) -> String {
        let limit = max(Self.minimumBytes, maxBytes)
        let head = title() + "\n" + headline()
        // Room for the notice of what was left out.
        let budget = limit - head.utf8.count - 700
        var parts = Parts(
            trends: trendSection(listLimit: ErrorTrends.listLimit), counts: countsTable(), settings: settingsTable(),
            error: errorSection(maxCharacters: 4_000), failed: failedSection(budget: Int.max, limit: limit).text)
        var dropped: [String] = []
        if parts.size > budget {
            let room = budget - (parts.size - parts.failed.utf8.count)
            let (text, shown) = room > 400 ? failedSection(budget: room, limit: limit) : ("", 0)
            parts.failed = text
            if shown == 0 {
                dropped.append("the failed-row details (\(number(record.failed.count)) rows)")
            } else {
                dropped.append("\(number(record.failed.count - shown)) of \(number(record.failed.count)) failed rows")
            }
        }
        if parts.size > budget {
            parts.settings = ""
            dropped.append("the settings table")
        }
        if parts.size > budget {
            parts.counts = ""
            dropped.append("the counts table")
        }
        for lists in [20, 5, 0] where parts.size > budget && !parts.trends.isEmpty {
            parts.trends = trendSection(listLimit: lists)
            if lists == 0 { dropped.append("the lists of changed validation-error groups") }
        }
        if parts.size > budget, !parts.error.isEmpty {
            parts.error = errorSection(maxCharacters: max(200, (budget - (parts.size - parts.error.utf8.count)) / 4))
            dropped.append("most of the error text")
        }
        return head + notice(dropped, limit: limit) + parts.joined
    }

    /// The sections under the headline, in document order.
    private struct Parts {
        var trends, counts, settings, error, failed: String

        var joined: String {
            [trends, counts, settings, error, failed].filter { !$0.isEmpty }.map { "\n" + $0 }.joined()
        }

        var size: Int { joined.utf8.count }
    }

    private func notice(_ dropped: [String], limit: Int) -> String {
        guard !dropped.isEmpty else { return "" }
        return
            "\n> **Shortened** to fit \(number(limit)) bytes: left out \(dropped.joined(separator: ", ")). "
            + "Everything is in the run record \(MarkdownEscape.inline(record.runID)).json and on the run's page.\n"
    }

    func number(_ value: Int) -> String { Count.text(value) }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
