import Foundation
import Logging
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// A run whose database failed: the private record keeps where it tried; the run pages,
/// summaries, feed and index say what failed and not where.
@Suite struct ConnectionDetailsTests {
    @Test func aFailedConnectionIsPublishedWithoutHostPortDatabaseOrRole() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 3))
        let missing = "zz_missing_\(fixture.database.name.suffix(6))"
        let job = BackfillJob(
            databaseURL: fixture.database.url + " dbname=\(missing) user=ghost_role_\(missing)",
            stateDirectory: fixture.state, reporting: .markdown(redactor: nil))
        let result = job.run(BackfillOptions(), logger: .init(label: "test"))
        #expect(!result.report.success)
        #expect(result.record == nil, "a run that never connected is not recorded")
        // A run that loses its database mid-way is recorded with this kind of message: store one
        // as the job does, with the failure libpq gave.
        let port = try #require(fixture.database.url.firstMatch(of: /port=([0-9]+)/)?.output.1).description
        let stored = job.reporting.redact(
            RunRecord(
                runID: RunRecord.makeID(), trigger: .commandLine, startedAt: Date(), finishedAt: Date(),
                options: BackfillOptions(), outcome: result.outcome,
                database: "host 127.0.0.1 port \(port) database \(missing)"))
        let markdown = try job.store.save(stored, summarize: job.reporting.summarize)
        let record = try #require(try RunStore(stateDirectory: fixture.state).all().first)
        let error = try #require(record.error)
        #expect(error.contains(missing) && error.contains(port), "the private record keeps the details: \(error)")

        try fixture.build(full: true)
        let published = try RedactionSiteTests.published(fixture.out)
        let runPages = published.filter {
            $0.0.hasPrefix("runs/") || $0.0.hasPrefix("feeds/") || $0.0.hasPrefix("index.")
        }
        #expect(
            runPages.contains {
                $0.1.contains("connection to the database server failed") || $0.1.contains("the configured")
            })
        for (path, text) in published {
            for detail in [missing, "ghost_role", "port \(port)", "port=\(port)", ":\(port)"] {
                #expect(!text.contains(detail), "\(path) names \(detail)")
            }
        }
        let summary = markdown
        #expect(!summary.contains(missing) && !summary.contains(port), "\(summary)")
    }
}
