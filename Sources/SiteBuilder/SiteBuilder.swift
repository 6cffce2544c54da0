import Foundation
public import Logging
import Redaction
import RunSummaries
import SiteOutput
import SiteTemplates
import SystemIO
import Telemetry

/// Renders the telemetry table into a static site: load templates → read the manifest →
/// stream rows into detail and archive pages → trades → errors → runs → index → swap → save
/// the manifest. Each step's name is in any error it throws.
public struct SiteBuilder {
    /// The tool's name and version, in every page's footer and in the manifest.
    public static let toolVersion = "telemetry-site 0.3"
    /// Rows per archive page.
    public static let pageSize = 50

    let options: SiteBuildOptions
    let logger: Logger
    let progress: (Int, Int) -> Void

    /// A builder with `options`; `progress(done, total)` is called as rows stream.
    public init(options: SiteBuildOptions, logger: Logger, progress: @escaping (Int, Int) -> Void = { _, _ in }) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    /// Builds the site: full, or incremental from the last build's manifest.
    public func build() throws -> SiteBuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        let (redactor, templates) = try loadRulesAndTemplates()
        let queries = try connect()
        let extent = try step("count rows") { try Self.extent(queries) }
        let runs = try step("read runs") { try readRuns(redactor) }
        let retention = RunRetention(runs, pages: max(1, options.runPages))
        let manifestURL = manifestLocation
        let inputs = Self.inputs(templates, redactor)
        let changeLog = ChangeLog(site: options.out, stateDirectory: options.stateDirectory)
        let lock = try step("lock the site") { try changeLog.lock() }
        defer { lock.unlock() }
        try settleKilledBuild(manifestURL)
        let previous = BuildManifest.load(from: manifestURL)
        let plan = try step("plan") {
            try BuildPlan.make(options: options, manifest: previous, inputs: inputs, extent: extent, queries: queries)
        }
        logger.info(
            "building site", metadata: ["mode": "\(plan.mode)", "reason": "\(plan.reason)", "rows": "\(extent.count)"])
        let output = try step("prepare output") {
            try SiteOutput(target: options.out, full: plan.isFull, changes: try changeLog.begin())
        }
        var context = BuildContext(
            templates: templates, output: output, rows: SiteRows(queries: queries, redactor: redactor), plan: plan,
            extent: extent, runs: runs, retention: retention, knownRuns: retention.pageIDs, progress: progress,
            tally: plan.tally, redaction: redactor?.rules,
            pool: RenderPool(templates: templates, workers: options.workers ?? RenderPool.defaultWorkers),
            exports: DayExports(scratch: options.stateDirectory.appendingPathComponent("scratch")),
            searchDays: SearchDays(extending: plan.isFull ? nil : options.out.appendingPathComponent("search")))
        // A full build renders trade pages on a second connection while the rows stream.
        let trades = plan.isFull ? tradePages(through: extent.maxID, context) : nil
        do {
            let builtAt = BuildContext.now()
            try render(&context, trades: trades, previous: previous, builtAt: builtAt)
            var report = SiteBuildReport(
                mode: plan.mode, reason: plan.reason, rows: extent.count, maxID: extent.maxID, pages: context.pages,
                written: output.writtenCount, durationMs: Self.milliseconds(clock.now - start),
                out: options.out.path, changedFiles: output.changed.sorted(), errorTrends: context.trends,
                searchMs: context.searchCost.milliseconds)
            let buildInfo = try step("write build.json") { try context.writeBuildInfo(report) }
            let manifest = BuildManifest(
                inputs: inputs, maxID: extent.maxID, rowCount: extent.count, tally: context.tally, builtAt: builtAt,
                trends: context.trends, newestRun: runs.first?.runID ?? previous?.newestRun,
                runTrends: context.runTrends, errorFeed: context.errorFeed, buildInfo: buildInfo)
            try publish(output, manifest, at: manifestURL, full: plan.isFull, builtAt: builtAt)
            report.changeList = output.changes.map { changeLog.folder.appendingPathComponent("\($0.seq)").path }
            try step("prune change lists") { try changeLog.pruneReceived() }
            return report
        } catch {
            context.pool.cancel()
            try? trades?.wait()
            _ = try? context.finishPool()
            output.abandon()
            throw error
        }
    }

    /// Puts the site and its manifest back in step after a build killed while it published:
    /// finishes its commit, then installs its manifest if the site is that build's.
    private func settleKilledBuild(_ manifestURL: URL) throws {
        try step("finish a killed build's commit") {
            try SiteOutput.finishInterruptedCommit(of: options.out)
            try BuildManifest.settlePending(at: manifestURL, site: options.out)
        }
    }

    /// Publishes what the build wrote, with the manifest that goes with it saved as pending
    /// first and renamed in once the site is committed (see `settleKilledBuild`).
    private func publish(
        _ output: SiteOutput, _ manifest: BuildManifest, at manifestURL: URL, full: Bool, builtAt: String
    ) throws {
        let pending = BuildManifest.pendingLocation(manifestURL)
        try step("save manifest") { try manifest.save(to: pending) }
        try step("swap in") {
            try output.commit()
            try output.changes?.finish(kind: full ? .full : .incremental, builtAt: builtAt)
        }
        try step("save manifest") { try FileIO.rename(pending.path, to: manifestURL.path) }
    }

    /// How many rows there are and the newest id (after checking the table is there).
    private static func extent(_ queries: TelemetryQueries) throws -> (count: Int, maxID: Int) {
        guard try queries.tableExists() else {
            throw SiteBuildError(
                step: "check tables", code: .missingTable, message: "table \(Schema.telemetryTable) does not exist")
        }
        return try queries.extent()
    }

    /// The backfill runs, redacted.
    private func readRuns(_ redactor: Redactor?) throws -> [RunRecord] {
        try RunStore(stateDirectory: options.stateDirectory).all().map(RunReporting.markdown(redactor: redactor).redact)
    }

    /// What the pages depend on besides the rows: templates, tool, executable, redaction rules.
    private static func inputs(_ templates: TemplateSet, _ redactor: Redactor?) -> String {
        [templates.digest, toolVersion, executableFingerprint(), redactor?.fingerprint ?? "unredacted"].joined(
            separator: "/")
    }

    /// The read connection, once its server has replayed what the build must see.
    private func connect() throws -> TelemetryQueries {
        let queries = try step("connect") {
            try TelemetryQueries.open(url: options.databaseURL, connectTimeout: options.connectTimeout)
        }
        if let catchUp = options.catchUp {
            try step("wait for the standby") { try queries.wait(for: catchUp, logger: logger) }
        }
        return queries
    }

    /// Where the manifest of builds of `options.out` is kept in the state folder.
    private var manifestLocation: URL {
        options.stateDirectory.appendingPathComponent("site")
            .appendingPathComponent("\(FileNames.stableHash(options.out.standardizedFileURL.path)).json")
    }

    /// The redaction rules (nil with `--no-redact`) and the templates.
    private func loadRulesAndTemplates() throws -> (Redactor?, TemplateSet) {
        let redactor = try step("load redaction rules") {
            try options.redaction.redactor(stateDirectory: options.stateDirectory)
        }
        return (redactor, try loadTemplates(redacted: redactor != nil))
    }

    /// The templates; with redaction off, every page opens with a banner saying so.
    private func loadTemplates(redacted: Bool) throws -> TemplateSet {
        var templates = try step("load templates") {
            try TemplateSet(
                defaults: options.defaultTemplates, overrides: options.templates,
                referenceRenderer: options.referenceRenderer)
        }
        if let reason = templates.fallbackReason, !options.referenceRenderer {
            logger.notice(
                "templates use a tag the compiled renderer does not handle; rendering with swift-mustache (slower)",
                metadata: ["reason": "\(reason)"])
        }
        if !redacted {
            logger.warning("redaction is off (--no-redact): secrets in the telemetry are published as stored")
            templates.globals.append(("unredacted", true))
        }
        return templates
    }

    /// Every page, in link order: rows (detail and archive), trades (`trades` when they render
    /// beside the rows), then the pages that link to them. The exports and the search index
    /// are written while the workers still render pages (a full build's before its trade
    /// stream ends; an incremental build reads the published trade index first).
    private func render(
        _ context: inout BuildContext, trades: BackgroundJob?, previous: BuildManifest?, builtAt: String
    ) throws {
        try step("render rows") { try context.renderRows() }
        if let trades {
            try writeExportsAndSearch(&context)
            try step("render trades") { try trades.wait() }
        } else {
            try step("render trades") { try context.renderTouchedTrades() }
            try writeExportsAndSearch(&context)
        }
        try step("render pages") { try context.finishPool() }
        context.compareErrors(with: previous, builtAt: builtAt)
        try step("render errors") { try context.renderErrors() }
        try step("render redactions") { try context.renderRedactions() }
        try step("render runs") { try context.renderRuns() }
        try step("render feeds") { try context.renderFeeds() }
        try step("render index") { try context.renderIndex() }
        try step("write assets") { try context.renderStatic() }
    }

    /// The data exports and the search index: they need the rows only.
    private func writeExportsAndSearch(_ context: inout BuildContext) throws {
        try step("write exports") { try context.writeExports() }
        try step("write search index") { try context.writeSearchIndex() }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private func tradePages(through maxID: Int, _ context: BuildContext) -> BackgroundJob {
        let (pool, output, redactor, cost) = (context.pool, context.output, context.rows.redactor, context.searchCost)
        let (databaseURL, catchUp, logger, timeout) = (
            options.databaseURL, options.catchUp, logger, options.connectTimeout
        )
        return BackgroundJob(name: "trade pages") {
            // A multi-host URI may reach another standby: it waits for the same position.
            let queries = try TelemetryQueries.open(url: databaseURL, connectTimeout: timeout)
            if let catchUp { try queries.wait(for: catchUp, logger: logger) }
            let rows = SiteRows(queries: queries, redactor: redactor)
            let index = SearchTrades.Writer(output: output)
            try TradeStream.render(rows, trades: nil, through: maxID, pool: pool, output: output) { entry in
                try cost.measure { try index.add(entry) }
            }
            try cost.measure { try index.finish() }
        }
    }

    /// Size and modification time of the running executable: a rebuilt tool means a full build.
    static func executableFingerprint() -> String {
        let path = ProcessIdentity.executable.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(Int(modified))"
    }

    private func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { logger.debug("build step done", metadata: ["step": "\(name)", "elapsed": "\(clock.now - start)"]) }
        do {
            return try body()
        } catch let error as SiteBuildError {
            throw error
        } catch {
            throw SiteBuildError(step: name, underlying: error)
        }
    }
}
