import Foundation
import Postgres
import TestSupport
import Testing

@testable import Telemetry

@Suite struct CLITests {
    @Test func backfillJSONHasTheOriginalFieldsAndOurs() throws {
        let database = try TestDatabase.seeded(trades: 20)
        let state = temporaryFolder().path
        let run = try ToolRun.run(
            ["backfill", "--limit", "5001", "--json", "--state-dir", state], environment: ["DATABASE_URL": database.url]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["success", "error", "inserted", "scanned", "limit", "skipped", "failed", "run_id", "duration_ms"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["success"] as? Bool == true)
        #expect(object["limit"] as? Int == 5000)
        #expect(object["error"] is NSNull)
        #expect(object["inserted"] as? Int == (try BackfillHarness(database).backfilledCount()))
        #expect(run.stderr.contains("clamped to 5000"))
        let runID = try #require(object["run_id"] as? String)
        #expect(FileManager.default.fileExists(atPath: "\(state)/runs/\(runID).md"))
        #expect(FileManager.default.fileExists(atPath: "\(state)/runs/\(runID).json"))
    }

    @Test(arguments: [
        ["backfill", "--limit", "abc"], ["backfill", "--limit", "1.5"], ["backfill", "--bogus"], ["nonsense"],
        ["serve", "--max-per-client", "0"], ["serve", "--max-connections", "10", "--max-per-client", "11"],
        ["serve", "--tls-cert", "/etc/hostname"], ["serve", "--metrics-allow", "not-a-network"],
        ["run", "--notify", "ftp://example.invalid/x"], ["run", "--notify-on", "sometimes"],
        ["build", "--metrics-file", "/tmp/metrics.txt"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let run = try ToolRun.run(arguments, environment: ["DATABASE_URL": "host=127.0.0.1 port=1"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func negativeLimitIsClampedNotAnOption() throws {
        let database = try TestDatabase.seeded(trades: 5)
        let run = try ToolRun.run(["backfill", "--limit", "-5", "--json"], environment: ["DATABASE_URL": database.url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"limit\":1,"))
        #expect(run.stdout.contains("\"inserted\":1,"))
    }

    @Test func alreadyRunningExitsThree() throws {
        let database = try TestDatabase.seeded(trades: 5)
        let holder = try database.connect()
        #expect(try holder.tryAdvisoryLock(BackfillSQL.lockKey))
        let run = try ToolRun.run(["backfill"], environment: ["DATABASE_URL": database.url])
        #expect(run.status == 3)
        #expect(run.stderr.contains("a backfill is already running"))
        #expect(try BackfillHarness(database).backfilledCount() == 0)
    }

    @Test func aFailureExitsOneWithTheErrorOnStderr() throws {
        let database = try TestDatabase()
        let run = try ToolRun.run(["backfill", "--database-url", database.url])
        #expect(run.status == 1)
        #expect(run.stderr.contains("table automated_signals does not exist"))
    }

    @Test func summaryFileGetsTheMarkdownAppended() throws {
        let database = try TestDatabase.seeded(trades: 5)
        let summary = temporaryFolder("summary").appendingPathExtension("md")
        try Data("# Nightly\n".utf8).write(to: summary)
        let run = try ToolRun.run(
            ["backfill", "--all", "--summary-file", summary.path], environment: ["DATABASE_URL": database.url])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("# Nightly\n# Backfill run "))
        #expect(text.contains("| inserted |"))
    }

    @Test func seedCommandRefusesAPopulatedDatabase() throws {
        let database = try TestDatabase()
        let first = try ToolRun.run(["seed", "--trades", "3", "--database-url", database.url])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("seeded 3 trades"))
        let second = try ToolRun.run(["seed", "--trades", "3", "--database-url", database.url])
        #expect(second.status == 1)
        #expect(second.stderr.contains("--append"))
    }

    /// README command 1's job: `demo` starts its own cluster, seeds it (with secrets in part of
    /// the payloads), backfills, builds, and stops; no secret reaches the site.
    @Test func theDemoRunsEndToEndAndPublishesNoSecret() throws {
        let folder = temporaryFolder("demo")
        let site = folder.appendingPathComponent("Site")
        let run = try ToolRun.run(
            [
                "demo", "--no-serve", "--trades", "60", "--data-dir", folder.appendingPathComponent("data").path,
                "--state-dir", folder.appendingPathComponent("state").path, "--out", site.path,
            ], environment: [:])
        #expect(run.status == 0, "\(run.stderr.suffix(2_000))")
        #expect(run.stdout.contains("# Backfill run"))
        // The next night's outage is left for the Run backfill button.
        let left = run.stdout.firstMatch(of: /(\d+) signals arrived while the log was down/).map { Int($0.1) ?? 0 }
        #expect((left ?? 0) > 0, "\(run.stdout)")
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("Automated signals telemetry"))
        let audit = try String(contentsOf: site.appendingPathComponent("redactions/index.md"), encoding: .utf8)
        #expect(audit.contains("| passphrase |"), "the demo's passphrases were masked: \(audit)")
        var leaks: [String] = []
        let walker = FileManager.default.enumerator(atPath: site.path)
        while let path = walker?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) else {
                continue
            }
            // The seeder's passphrases all start with "tv-"; Markdown may escape the dash.
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\", with: "")
            if text.contains("tv-") { leaks.append(path) }
            #expect(text.firstMatch(of: /redacted:[a-z-]+:\[/) == nil, "\(path) holds a marker inside a marker")
        }
        #expect(leaks.isEmpty, "a demo passphrase leaked into \(leaks)")
        // `demo --database-only` starts the same database again and prints its URL; it stops at
        // the end of its input.
        let held = try ToolRun.run(
            ["demo", "--database-only", "--data-dir", folder.appendingPathComponent("data").path], environment: [:])
        #expect(held.status == 0, "\(held.stderr.suffix(2_000))")
        #expect(held.stdout.contains("demo database already seeded"))
        #expect(held.stdout.contains("export DATABASE_URL='host=127.0.0.1 "), "\(held.stdout)")
        // `demo --psql` is a shell on it.
        let shell = try ToolRun.run(
            ["demo", "--psql", "--data-dir", folder.appendingPathComponent("data").path], environment: [:],
            input: "SELECT 'outage:' || count(*) AS answer FROM automated_signals;\n")
        #expect(shell.status == 0, "\(shell.stderr.suffix(2_000))")
        #expect(shell.stdout.contains("outage:"), "\(shell.stdout)")
    }
}
