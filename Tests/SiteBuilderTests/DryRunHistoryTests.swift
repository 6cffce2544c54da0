import Foundation
import Logging
import RunSummaries
import Telemetry
import TestSupport
import Testing

/// A dry run is shown as one everywhere (runs list, its page, the feed, its summary), with
/// what it would have inserted, and no run is compared with it.
@Suite struct DryRunHistoryTests {
    @Test func aDryRunSaysWhatItWouldInsertAndIsNoBaseline() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let job = BackfillJob(
            databaseURL: fixture.database.url, stateDirectory: fixture.state,
            reporting: .markdown(redactor: nil))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let dry = job.run(BackfillOptions(limit: BackfillLimit(requested: 5000), dryRun: true), logger: logger)
        let would = try #require(dry.report.wouldInsert)
        #expect(would > 0)
        let dryRecord = try #require(dry.record)
        #expect(dryRecord.wouldInsert == would && dryRecord.inserted == 0)
        let dryID = dryRecord.runID
        let summary = try #require(dry.markdown)
        #expect(summary.contains("Dry run") && summary.contains("would insert \(would)"), "\(summary)")
        #expect(!summary.contains("inserted 0 of"), "\(summary)")

        Thread.sleep(forTimeInterval: 1.1)  // run ids sort by the second they start in
        let real = job.run(BackfillOptions(limit: BackfillLimit(requested: 5000)), logger: logger)
        let realID = try #require(real.record?.runID)
        #expect(real.report.inserted == would)
        // The real run is compared with the run before it that wrote: none, not the dry run.
        #expect(try job.store.latest(before: realID + "~")?.runID == realID)
        #expect(try job.store.latest(before: realID) == nil)

        try fixture.build()
        let list = try fixture.read("runs/index.html")
        #expect(list.contains("dry run: would insert \(would)"), "the runs list")
        let feed = try fixture.read("feeds/runs.atom")
        #expect(feed.contains("Dry run, nothing written: would insert \(would)"), "the feed")
        let page = try fixture.read("runs/\(dryID).html")
        #expect(page.contains("Dry run") && page.contains("would insert \(would)"), "the dry run's page")
    }
}
