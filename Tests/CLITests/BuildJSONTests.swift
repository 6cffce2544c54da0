import Foundation
import TestSupport
import Testing

/// `build --json` says how many files changed and where the change list naming them is, not
/// every file (thousands of lines on a big site).
@Suite struct BuildJSONTests {
    static func build(_ fixture: SiteFixture) throws -> [String: Any] {
        let run = try ToolRun.run(
            [
                "build", "--json", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
                SiteFixture.templates.path,
            ],
            environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1)
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func theReportCountsChangesAndNamesTheChangeList() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let full = try Self.build(fixture)
        #expect(full["mode"] as? String == "full")
        #expect(full["changed"] as? Int == full["written"] as? Int)

        try fixture.insert(received: "2099-01-01 00:00:00", raw: "{}", error: "a brand new failure")
        let incremental = try Self.build(fixture)
        #expect(incremental["mode"] as? String == "incremental")
        #expect(incremental["changed_files"] == nil)
        let changed = try #require(incremental["changed"] as? Int)
        #expect(changed > 0 && changed < (full["changed"] as? Int ?? 0))
        let list = try #require(incremental["change_list"] as? String)
        let info = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: list + "/info.json")))
                as? [String: Any])
        #expect(info["kind"] as? String == "incremental")
        let files = try #require(info["files"] as? [String: Int])
        // The list names at least what the report counts (removals are listed too).
        #expect(files.values.reduce(0, +) >= changed, "\(files)")
    }
}
