import Foundation
import Postgres
import TestSupport
import Testing

@testable import Server
@testable import Telemetry

@Suite struct CommandLineJobTests {
    @Test func runBackfillsThenBuilds() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let run = try ToolRun.run(
            [
                "run", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
                SiteFixture.templates.path,
            ],
            environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try BackfillHarness(fixture.database).backfilledCount() > 0)
        #expect(try fixture.read("index.html").contains("succeeded"))
    }

    /// The nightly job appends its summary after the build, so it says what changed in the
    /// validation errors, and keeps it within `--summary-max` (failed rows go first).
    @Test func theNightlySummaryComesAfterTheBuildAndFitsItsSize() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 40))
        try fixture.build()
        try fixture.insert(received: "2099-01-01 00:00:00", raw: "{}", error: "a brand new failure")
        try fixture.database.connect().execute(
            """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused %', repeat('x', 800); END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON telemetry_automated_signals_log FOR EACH ROW EXECUTE FUNCTION refuse();
            """)
        let summary = fixture.folder.appendingPathComponent("summary.md")
        let arguments = [
            "run", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
            SiteFixture.templates.path, "--summary-file", summary.path,
        ]
        let run = try ToolRun.run(
            arguments + ["--summary-max", "16384"], environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.utf8.count <= 16_384 + 1)
        #expect(text.contains("**1 new**"), "\(text.prefix(1500))")
        #expect(text.contains("a brand new failure"))
        #expect(text.contains("> **Shortened** to fit 16,384 bytes"))
        let tooSmall = try ToolRun.run(
            arguments + ["--summary-max", "100"], environment: ["DATABASE_URL": fixture.database.url])
        #expect(tooSmall.status != 0)
        #expect(tooSmall.stderr.contains("--summary-max must be at least 4096 bytes"))
    }

    @Test func aFailedBackfillStillRebuildsTheSiteWithABannerAndExitsOne() throws {
        let fixture = try SiteFixture.empty()
        try fixture.database.connect().execute("DROP TABLE automated_signals")
        let run = try ToolRun.run(
            ["run", "--out", fixture.out.path, "--state-dir", fixture.state.path],
            environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 1)
        #expect(run.stderr.contains("table automated_signals does not exist"))
        #expect(try fixture.read("index.html").contains("class=\"banner\""))
    }

    @Test func userAddWritesABcryptLineThatLogsIn() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("users.htpasswd")
        let added = try ToolRun.run(
            ["user", "add", "bob", "--users", file.path, "--password-stdin"], input: "s3cret-password\n")
        #expect(added.status == 0, "\(added.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("bob:$2b$"))
        #expect(!text.contains("s3cret-password"))
        let users = try UserStore(file: file)
        #expect(users.verify(user: "bob", password: "s3cret-password"))
        #expect(!users.verify(user: "bob", password: "wrong"))
        let short = try ToolRun.run(["user", "add", "eve", "--users", file.path, "--password-stdin"], input: "short\n")
        #expect(short.status == 2)
    }

    @Test func htpasswdDashBLinesAreRead() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("users.htpasswd")
        try UserStore.set(user: "carol", password: "apache-style", in: file, cost: 5)
        // htpasswd -B writes the $2y$ prefix for the same algorithm.
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "$2b$", with: "$2y$")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try UserStore(file: file).verify(user: "carol", password: "apache-style"))
    }
}
