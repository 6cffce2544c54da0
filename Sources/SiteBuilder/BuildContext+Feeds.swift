import Foundation
import RunSummaries
import SiteOutput
import SiteTemplates
import Telemetry

/// `feeds/runs.atom` (the newest backfill runs) and `feeds/errors.atom` (the validation-error
/// groups found new by a build, newest first), 50 entries each, ids that never change.
extension BuildContext {
    /// Entries per feed.
    static let feedEntries = 50

    /// The feeds a page links with `<link rel="alternate">`.
    static func feedLinks(runs: Bool) -> TemplateValue {
        var links: [TemplateValue] = []
        if runs { links.append(.object(["feed_title": "Backfill runs", "href": "feeds/runs.atom"])) }
        links.append(.object(["feed_title": "New validation-error groups", "href": "feeds/errors.atom"]))
        return .list(links)
    }

    /// The errors feed after this build: the groups it found new, then the earlier ones.
    static func errorFeed(previous: [ErrorFeedItem], trends: ErrorTrends, builtAt: String) -> [ErrorFeedItem] {
        let found = trends.new.map {
            ErrorFeedItem(key: $0.key, fingerprint: $0.fingerprint, count: $0.count, detected: builtAt)
        }
        return Array((found + previous).prefix(feedEntries))
    }

    mutating func renderFeeds() throws {
        let kept = retention.pageIDs
        let formatter = ISO8601DateFormatter()
        let runEntries = runs.prefix(Self.feedEntries).map { run in
            AtomFeed.Entry(
                id: "urn:telemetry-site:run:\(run.runID)", title: "Backfill run \(run.runID): \(Self.outcome(run))",
                updated: formatter.string(from: run.finishedAt),
                link: kept.contains(run.runID) ? "../runs/\(run.runID).html" : "../runs/index.html",
                summary: (run.dryRun
                    ? "Dry run, nothing written: would insert \(run.wouldInsert ?? 0) of \(run.scanned) scanned rows "
                        + "(\(run.skipped) skipped) in \(run.durationMs) ms"
                    : "Inserted \(run.inserted) of \(run.scanned) scanned rows (\(run.skipped) skipped, "
                        + "\(run.failed.count) failed) in \(run.durationMs) ms")
                    + (run.publishedError.map { ". Error: " + Text.clip($0, 500) } ?? "."))
        }
        let errorEntries = errorFeed.map { item in
            AtomFeed.Entry(
                id: "urn:telemetry-site:error-group:\(item.key)", title: Text.clip(item.fingerprint, 200),
                updated: item.detected, link: "../errors/index.html#g\(item.key)",
                summary:
                    "A new validation-error group: \(Count.of(item.count, "row")) when the build of \(item.detected) found it."
            )
        }
        let feeds = [
            (
                "runs",
                AtomFeed(
                    id: "urn:telemetry-site:feed:runs", title: "Backfill runs", selfLink: "runs.atom",
                    alternate: "../runs/index.html", entries: runEntries)
            ),
            (
                "errors",
                AtomFeed(
                    id: "urn:telemetry-site:feed:errors", title: "New validation-error groups", selfLink: "errors.atom",
                    alternate: "../errors/index.html", entries: errorEntries)
            ),
        ]
        for (name, feed) in feeds {
            try output.write("feeds/\(name).atom", feed.render())
            pages += 1
        }
    }
}
