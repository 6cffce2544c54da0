import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RunSummaries
import TestSupport
import Testing

/// A real browser against the live server: log in, click "Run backfill", see the new rows.
@Suite struct BrowserEndToEndTests {
    static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/run_backfill_button.py")

    @Test func loggingInAndClickingTheButtonShowsTheNewRows() async throws {
        let fixture = try ServerFixture()
        let shots = SiteFixture.screenshots
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let eligible = try fixture.site.database.count(BackfillOracle.eligibleSQL)
        try await fixture.application().testLive { client in
            let port = try #require(client.port)
            let run = try await offThePool {
                try ToolRun.run(
                    program: "/usr/bin/env",
                    [
                        "python3", Self.script.path, "http://127.0.0.1:\(port)", "alice", ServerFixture.password,
                        shots.path,
                    ])
            }
            #expect(run.status == 0, "\(run.stderr.suffix(2000))")
            let result = try #require(
                try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
            #expect(result["before"] as? Int == 0)
            #expect(result["after"] as? Int == min(eligible, 5000))
            #expect((result["status"] as? String)?.contains("inserted \(Count.text(min(eligible, 5000)))") == true)
        }
    }
}
