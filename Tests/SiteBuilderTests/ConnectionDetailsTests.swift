import Foundation
import Logging
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// A run that could not reach its database: the private record keeps where it tried; the run
/// pages, summaries, feed and index say what failed and not where.
@Suite struct ConnectionDetailsTests {
    @Test func aFailedConnectionIsPublishedWithoutHostPortDatabaseOrRole() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 3))
        let missing = "zz_missing_\(fixture.database.name.suffix(6))"
        let job = BackfillJob(
            databaseURL: fixture.database.url + " dbname=\(missing) user=ghost_role_\(missing)",
            stateDirectory: fixture.state, reporting: .markdown(redactor: nil))
        let result = job.run(BackfillOptions(), logger: .init(label: "test"))
        #expect(!result.report.success)
        let record = try #require(try RunStore(stateDirectory: fixture.state).all().first)
        let port = try #require(fixture.database.url.firstMatch(of: /port=([0-9]+)/)?.output.1).description
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
        let summary = try #require(result.markdown)
        #expect(!summary.contains(missing) && !summary.contains(port), "\(summary)")
    }
}
