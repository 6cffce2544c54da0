import Markdown
import RunSummaries
import SiteOutput
import SiteTemplates
import Telemetry

/// The runs index (a chart of the newest runs, a table with changes from the run before, the
/// older runs per day) and a page per kept run, linking its predecessor and successor.
extension BuildContext {
    /// How many of the newest runs the history chart shows.
    static let chartRuns = 90

    mutating func renderRuns() throws {
        let paged = retention.kept.count - retention.olderWithPages.count
        var index = bannerContext()
        index["title"] = "Backfill runs"
        index["root"] = "../"
        index["count"] = .int(runs.count)
        index["charts_js"] = true
        index["count_text"] = .string(Count.of(runs.count, "run"))
        index["paged"] = .int(paged)
        index["has_chart"] = .bool(!runs.isEmpty)
        index["chart"] = .string(
            runs.isEmpty ? "" : Self.historyChart(runs.prefix(Self.chartRuns), pages: retention.pageIDs))
        index["runs"] = .list(
            runs.prefix(paged).enumerated().map { position, run in
                // Against the run before that wrote: a dry run is compared with nothing, nor with.
                Self.runRow(run, before: run.dryRun ? nil : runs.dropFirst(position + 1).first { !$0.dryRun })
            })
        index["older_runs"] = .list(retention.olderWithPages.map { Self.runRow($0, before: nil) })
        index["older_days"] = .list(
            retention.olderDays.map { day in
                .object([
                    "day": .string(day.day), "runs": .int(day.runs), "failed": .int(day.failed),
                    "scanned": .int(day.scanned), "any_failed": .bool(day.failed > 0),
                ])
            })
        index["has_older"] = .bool(!retention.olderWithPages.isEmpty || !retention.olderDays.isEmpty)
        try output.write("runs/index.html", templates.render("runs.html", index))
        pages += 1
        try renderRunPages()
    }

    /// A page per kept run (HTML and Markdown), then the pages of runs that aged out removed.
    private mutating func renderRunPages() throws {
        let kept = retention.pageIDs
        // Positions in `runs` (newest first) of the runs with a page.
        let withPages = runs.indices.filter { kept.contains(runs[$0].runID) }
        for (rank, position) in withPages.enumerated() {
            let run = runs[position]
            let previous = position + 1 < runs.count ? runs[position + 1] : nil
            let older = rank + 1 < withPages.count ? runs[withPages[rank + 1]] : nil
            let newer = rank > 0 ? runs[withPages[rank - 1]] : nil
            func summary(_ format: PageFormat) -> String {
                RunSummary(
                    record: run, previous: previous, trends: runTrends[run.runID],
                    errorsPage: "../errors/index.\(format.fileExtension)"
                ).markdown()
            }
            var links: [String] = []
            if let older { links.append("Older run: [\(older.runID)](\(older.runID).md)") }
            if let newer { links.append("Newer run: [\(newer.runID)](\(newer.runID).md)") }
            let html = TemplateValue.object([
                "title": .string("Backfill run \(run.runID)"), "root": "../", "id": .string(run.runID),
                "older": older.map { .string($0.runID) } ?? .bool(false),
                "newer": newer.map { .string($0.runID) } ?? .bool(false),
                "summary_html": .string(MarkdownRenderer.html(summary(.html))),
            ])
            try output.write("runs/\(run.runID).html", templates.render("run.html", html))
            let markdown = summary(.markdown) + (links.isEmpty ? "" : "\n" + links.joined(separator: " · ") + "\n")
            try output.write("runs/\(run.runID).md", markdown)
            pages += 2
        }
        // Pages of runs that aged out (an incremental build; a full build never wrote them).
        try output.removeStale(
            in: "runs",
            keeping: { name in
                name == "index.html" || kept.contains(String(name.prefix { $0 != "." }))
            })
    }

    /// Inserted, skipped and failed rows of the newest runs, oldest on the left; a run's bars
    /// open its page, when it has one (`pages`).
    static func historyChart(_ newest: ArraySlice<RunRecord>, pages: Set<String>) -> String {
        let ordered = newest.reversed()
        let ids = ordered.map(\.runID)
        let first = ordered.first?.runID ?? "", last = ordered.last?.runID ?? ""
        return SVGChart(
            id: "chart-runs", title: "Rows per backfill run: inserted, skipped, failed",
            description: "Stacked bars: the \(ordered.count) newest runs from \(first) to \(last), oldest on the left.",
            labels: ids,
            series: [
                .init(name: "inserted", values: ordered.map { Double($0.inserted) }),
                .init(name: "skipped", values: ordered.map { Double($0.skipped) }),
                .init(name: "failed", values: ordered.map { Double($0.failed.count) }),
            ],
            style: .stackedBars, axis: .runs,
            link: { index, _ in pages.contains(ids[index]) ? Charts.encoded(ids[index]) + ".html" : nil }
        ).render()
    }

    /// A line of the runs table, with the changes from `before` (the run before it).
    static func runRow(_ run: RunRecord, before: RunRecord?) -> TemplateValue {
        func delta(_ value: Int, _ old: Int?) -> TemplateValue {
            guard let old else { return .bool(false) }
            let change = value - old
            return .string(change > 0 ? "+\(Count.text(change))" : change == 0 ? "±0" : Count.text(change))
        }
        return .object([
            "id": .string(run.runID), "trigger": .string(Text.clip(run.trigger.description, 80)),
            "success": .bool(run.success), "outcome": .string(Self.outcome(run)),
            "scanned": .string(Count.text(run.scanned)), "inserted": .string(Count.text(run.inserted)),
            "skipped": .string(Count.text(run.skipped)), "failed": .string(Count.text(run.failed.count)),
            "ms": .string(Count.text(run.durationMs)),
            "inserted_delta": delta(run.inserted, before?.inserted),
            "skipped_delta": delta(run.skipped, before?.skipped),
            "failed_delta": delta(run.failed.count, before?.failed.count),
        ])
    }
}
