import Foundation
import JSONKit
import Markdown
import Redaction
import RunSummaries
import SiteOutput
import SiteTemplates
import Telemetry

/// The state of one build while its steps run.
struct BuildContext {
    let templates: TemplateSet
    let output: SiteOutput
    /// Every row the build reads, masked on the way in.
    let rows: SiteRows
    let plan: BuildPlan
    let extent: (count: Int, maxID: Int)
    let runs: [RunRecord]
    /// Which runs get a page (and so which run ids rows may link to).
    let retention: RunRetention
    let knownRuns: Set<String>
    let progress: (Int, Int) -> Void
    /// Headline numbers, chart series and error groups: the previous build's plus this build's rows.
    var tally: SiteTally
    /// The redaction rules in force; nil with `--no-redact`.
    let redaction: RedactionRules?
    /// Renders detail and trade pages on the other cores.
    let pool: RenderPool
    var pages = 0
    /// Detail pages waiting to be handed to the pool.
    var details: [DetailPage] = []
    /// Trades with new rows (incremental builds).
    var touchedTrades: Set<String> = []
    /// Whether redaction masks the id of a trade with new rows (the search index leaves such
    /// trades out, so it cannot tell where their older rows are).
    var touchedMaskedTrade = false
    /// How the error groups changed since the previous build.
    var trends = ErrorTrends(since: nil)
    /// The trends each run page shows, by run id.
    var runTrends: [String: ErrorTrends] = [:]
    /// The per-day data exports of the rows this build adds.
    var exports: DayExports
    /// The errors feed's groups, newest first.
    var errorFeed: [ErrorFeedItem] = []
    /// The search index's days (summaries and row chunks).
    var searchDays: SearchDays
    /// The time spent on the search index.
    let searchCost = SearchCost()

    var pageCount: Int { max(1, (extent.count + SiteBuilder.pageSize - 1) / SiteBuilder.pageSize) }

    /// Detail pages, and archive pages as rows go by. An incremental build starts at the page
    /// that held the previous newest row (it gains rows and a "newer" link) and re-renders that
    /// row (it gains a "next" link).
    mutating func renderRows() throws {
        let size = SiteBuilder.pageSize
        let previousCount = plan.isFull ? 0 : plan.previousCount
        let pageStart = previousCount > 0 ? (previousCount - 1) / size * size : 0
        let streamStart = max(0, min(pageStart, previousCount - 2))
        var position = streamStart
        var pageRows: [NamedRow] = []
        var pending: NamedRow?
        var pendingPrevious: Int?
        var lastSeen: Int?
        // The previous newest row is at position previousCount - 1 (the plan checked the count).
        try rows.rows(
            stepsBack: previousCount - 1 - streamStart, from: previousCount > 0 ? plan.previousMaxID : nil,
            through: extent.maxID
        ) { entered in
            let row = entered.row
            let tradeFile = row.tradeID.map(FileNames.trade)  // once for the listing, search and page
            let ordinal = position
            position += 1
            if ordinal >= pageStart {
                pageRows.append((row.listing, tradeFile))
                if position % size == 0 {
                    try writeArchivePage(
                        number: position / size, rows: pageRows, isNewest: position == extent.count)
                    pageRows.removeAll(keepingCapacity: true)
                }
            }
            if plan.isFull || row.id > plan.previousMaxID {
                tally.add(row, masked: entered.counts)
                try exports.add(row)
                try searchCost.measure { try searchDays.add(SearchRow(row, tradeFile: tradeFile ?? ""), to: output) }
            }
            if plan.isFull || row.id >= plan.previousMaxID {
                if let earlier = pending { try writeDetail(earlier, previous: pendingPrevious, next: row.id) }
                pendingPrevious = lastSeen
                pending = (row, tradeFile)
                if !plan.isFull, row.id > plan.previousMaxID, let trade = entered.storedTradeID {
                    touchedTrades.insert(trade)
                    if row.tradeID != trade { touchedMaskedTrade = true }
                }
            }
            lastSeen = row.id
            if position % 1000 == 0 { progress(position - streamStart, extent.count - streamStart) }
        }
        if let last = pending { try writeDetail(last, previous: pendingPrevious, next: nil) }
        try submit(&details)
        if !pageRows.isEmpty || extent.count == 0 {
            try writeArchivePage(
                number: max(1, (position + size - 1) / size), rows: pageRows, isNewest: true
            )
        }
        progress(position - streamStart, position - streamStart)
    }

    private mutating func writeDetail(
        _ row: NamedRow, previous: Int?, next: Int?
    ) throws {
        details.append(
            DetailPage(row: row.row, tradeFile: row.tradeFile, previous: previous, next: next, knownRuns: knownRuns))
        if details.count >= RenderPool.batchSize { try submit(&details) }
    }

    private func submit<Page: TwinPage>(_ pages: inout [Page]) throws {
        let batch = pages
        pages.removeAll(keepingCapacity: true)
        try pool.submit(batch, to: output)
    }

    private mutating func writeArchivePage(
        number: Int, rows: [NamedRow], isNewest: Bool
    ) throws {
        let page = ArchiveModel(number: number, rows: rows, isNewest: isNewest).render(
            templates)
        try output.write("list/page-\(number).html", page.html)
        try output.write("list/page-\(number).md", page.markdown)
        if isNewest {
            try output.write("list/index.html", page.html)
            try output.write("list/index.md", page.markdown)
        }
        pages += 2
    }

    /// Trade pages of the trades with new rows (incremental builds; a full build renders every
    /// trade while rows stream: see `TradeStream`).
    func renderTouchedTrades() throws {
        if touchedTrades.isEmpty { return }
        var owners: [String: String] = [:]
        for trade in touchedTrades {
            if let other = owners.updateValue(trade, forKey: FileNames.trade(trade)), other != trade {
                throw SiteBuildError(
                    step: "render trades", code: .nameCollision,
                    message: "trade ids \(other.debugDescription) and \(trade.debugDescription) map to one file name")
            }
        }
        let trades = touchedTrades.sorted()
        let published = SearchTrades.Published(output.target.appendingPathComponent("search"))
        // The trades' older rows are where the published index lists them (rows are only ever
        // added: the plan builds in full when rows up to the previous build's newest changed),
        // so PostgreSQL reads them by id rather than every row's payload for its trade id.
        let candidates =
            touchedMaskedTrade
            ? nil
            : RowCandidates(
                ids: try searchCost.measure { try SearchTrades.publishedRowIDs(of: trades, published: published) },
                after: plan.previousMaxID)
        var entries: [SearchTrades.Entry] = []
        try TradeStream.render(
            rows, trades: trades, through: extent.maxID, among: candidates, pool: pool, output: output
        ) { entries.append($0) }
        try searchCost.measure { try SearchTrades.merge(entries, published: published, output: output) }
    }

    /// Writes the export files of the days this build touched, and `exports/index.json`.
    mutating func writeExports() throws {
        var previous: DayExports.Index?
        if !plan.isFull {
            let url = output.target.appendingPathComponent("exports/index.json")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SiteBuildError(
                    step: "write exports", code: .unreadablePublishedFile,
                    message: "the published exports/index.json is missing")
            }
            previous = try OwnFiles.decode(DayExports.Index.self, data)
        }
        let index = try exports.finish(into: output, previous: previous)
        try output.write("exports/index.json", try OwnFiles.pretty(index))
        pages += 1
    }

    /// Writes the touched days of the search index, its meta file and its error groups.
    mutating func writeSearchIndex() throws {
        try searchCost.measure { try writeSearchFiles() }
        try output.write(
            "search.html", templates.render("search.html", .object(["title": "Search", "root": "", "search": true])))
        pages += 1
    }

    private mutating func writeSearchFiles() throws {
        try searchDays.finish(into: output, maxID: extent.maxID)
        let groups = tally.errors.groups.values.sorted { ($0.count, $1.fingerprint) > ($1.count, $0.fingerprint) }
            .prefix(1_000).map { group in
                SearchGroup(
                    key: FileNames.stableHash(group.fingerprint), fingerprint: Text.clip(group.fingerprint, 160),
                    count: group.count, sample: Text.clip(group.sample, 160))
            }
        try output.write("search/groups.js", try SearchFile.script("groups", Array(groups)))
    }

    /// Waits for the pool's pages and counts them.
    mutating func finishPool() throws {
        pages += try pool.finish()
    }

    /// Compares this build's error groups with the previous build's (`previous`, nil for the
    /// first build): when no row changed, the previous build's trends stay. The runs since the
    /// previous build get these trends on their pages.
    mutating func compareErrors(with previous: BuildManifest?, builtAt: String) {
        if let previous, let kept = previous.trends, previous.maxID == extent.maxID,
            previous.rowCount == extent.count
        {
            trends = kept
            errorFeed = previous.errorFeed ?? []
        } else {
            trends = ErrorTrends(previous: previous?.tally, current: tally, since: previous?.builtAt)
            errorFeed = Self.errorFeed(previous: previous?.errorFeed ?? [], trends: trends, builtAt: builtAt)
        }
        var byRun = previous?.runTrends ?? [:]
        for run in runs where previous?.newestRun.map({ run.runID > $0 }) ?? true {
            byRun[run.runID] = trends
        }
        let kept = retention.pageIDs
        runTrends = byRun.filter { kept.contains($0.key) }
    }

    /// The audit page: what redaction masked, per rule, over every row of the site.
    mutating func renderRedactions() throws {
        let page = RedactionsModel(tally: tally.redactions, rules: redaction, totalRows: extent.count).render(templates)
        try output.write("redactions/index.html", page.html)
        try output.write("redactions/index.md", page.markdown)
        pages += 2
    }

    mutating func renderErrors() throws {
        let page = ErrorsModel(tally.errors, trends: trends).render(templates)
        try output.write("errors/index.html", page.html)
        try output.write("errors/index.md", page.markdown)
        pages += 2
    }

    mutating func renderIndex() throws {
        let stats = tally.stats.stats
        var context = bannerContext()
        context["title"] = "Overview"
        context["root"] = ""
        context["total"] = .string(Count.text(stats.total))
        context["backfilled"] = .string(Count.text(stats.backfilled))
        context["live"] = .string(Count.text(stats.total - stats.backfilled))
        context["invalid"] = .string(Count.text(stats.invalid))
        context["feeds"] = Self.feedLinks(runs: true)
        if trends.newTotal > 0 {
            context["new_groups"] = .string(Count.text(trends.newTotal))
            context["new_groups_noun"] = .string(trends.newTotal == 1 ? "group" : "groups")
        }
        context["newest"] = .string(stats.newest.map { $0.replacing("T", with: " ", maxReplacements: 1) } ?? "—")
        context["pages"] = .string(Count.text(pageCount))
        context["pages_noun"] = .string(pageCount == 1 ? "page" : "pages")
        context["rows_noun"] = .string(stats.total == 1 ? "row" : "rows")
        context["built_at"] = .string(Self.now())
        context["charts"] = .list(Charts.all(stats).map { .object(["svg": .string($0)]) })
        context["charts_js"] = true
        context["latency"] = LatencySection.context(stats)
        if let last = runs.first {
            context["last_run"] = .object(["id": .string(last.runID), "outcome": .string(Self.outcome(last))])
        }
        try indexLists(&context)
        try output.write("index.html", templates.render("index.html", context))
        pages += 1
    }

    /// The index's two lists: the newest rows by `received_at`, and the rows the newest backfill
    /// run that inserted any put in (with that run named, and whether it is the last run).
    private func indexLists(_ context: inout TemplateValue) throws {
        let lists = tally.index
        let received = try rows.rows(ids: lists.newestReceived.map(\.id))
        context["received"] = .object([
            "caption": .string(
                "The \(Count.text(received.count)) newest \(received.count == 1 ? "row" : "rows") by time received, newest first"
            ),
            "rows": .list(received.map { RowListing.context($0, .html) }),
        ])
        guard let run = lists.lastRun else { return }
        let inserted = try rows.rows(ids: lists.lastRunIDs)
        let count = lists.lastRunCount
        context["inserted"] = .object([
            "run": .string(run), "is_last": .bool(runs.first?.runID == run),
            "has_page": .bool(retention.pageIDs.contains(run)),
            "count": .string("\(Count.text(count)) \(count == 1 ? "row" : "rows")"),
            "caption": .string(
                count > inserted.count
                    ? "The \(Count.text(inserted.count)) newest of the \(Count.text(count)) rows run \(run) inserted, newest first"
                    : "The \(count == 1 ? "row" : "\(Count.text(count)) rows") run \(run) inserted, newest first"),
            "rows": .list(inserted.map { RowListing.context($0, .html) }),
        ])
    }

    mutating func renderStatic() throws {
        try output.write("404.html", templates.render("404.html", .object(["title": "Not found", "root": ""])))
        // Each asset under its fingerprinted name (what pages link) and its plain one (for the
        // server's login page and for templates of one's own that link it).
        for (name, data) in templates.assets where !name.contains("/") {
            try output.write("assets/\(name)", data)
            if let fingerprinted = templates.fingerprinted[name] { try output.write("assets/\(fingerprinted)", data) }
        }
        pages += 1
    }

    /// Writes `build.json`; returns its text.
    func writeBuildInfo(_ report: SiteBuildReport) throws -> String {
        let info = BuildInfo(
            builtAt: Self.now(), mode: report.mode, rows: report.rows, maxID: report.maxID, pages: report.pages,
            tool: SiteBuilder.toolVersion)
        let text = try OwnFiles.pretty(info)
        try output.write("build.json", text)
        return String(decoding: text, as: UTF8.self)
    }

    /// A banner on the index and runs pages when the newest run failed.
    func bannerContext() -> TemplateValue {
        guard let last = runs.first, !last.success else { return .fields([]) }
        return .object([
            "banner": .string(
                "The last backfill run \(last.runID) failed: \(Text.clip(last.publishedError ?? "unknown error", 300))"),
            "banner_run": .string(last.runID),
        ])
    }

    static func outcome(_ run: RunRecord) -> String {
        if run.dryRun { return run.success ? "dry run: would insert \(run.wouldInsert ?? 0)" : "dry run failed" }
        if !run.success { return "failed" }
        return run.failed.isEmpty ? "succeeded" : "succeeded, \(Count.of(run.failed.count, "row")) failed"
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
