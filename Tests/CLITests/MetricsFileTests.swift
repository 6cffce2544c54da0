import Foundation
import SiteMetrics
import TestSupport
import Testing

/// `--metrics-file`: what the nightly job leaves for node-exporter's textfile collector, read
/// back by Prometheus' own parser.
@Suite struct MetricsFileTests {
    @Test func aNightThatRanWritesEveryJobNameWithItsCounts() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let file = fixture.folder.appendingPathComponent("textfile/telemetry_site.prom")
        let run = try ToolRun.run(
            [
                "run", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
                SiteFixture.templates.path, "--metrics-file", file.path,
            ],
            environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try PrometheusText(parsing: try String(contentsOf: file, encoding: .utf8))
        for (name, kind) in MetricName.catalogue where MetricName.jobs.contains(name) {
            #expect(text.type(of: name) == kind, "\(name)")
        }
        #expect(text.value(MetricName.jobSuccess, ["command": "run"]) == 1)
        #expect(text.value(MetricName.backfillRuns, ["outcome": "succeeded"]) == 1)
        #expect(text.value(MetricName.backfillRows, ["kind": "inserted"]) ?? 0 > 0)
        #expect(text.value(MetricName.siteBuilds, ["outcome": "succeeded", "trigger": "command"]) == 1)
        #expect(text.value(MetricName.siteBuildDuration + "_count") == 1)
        let ended = try #require(text.value(MetricName.jobLastRun, ["command": "run"]))
        #expect(abs(ended - Date().timeIntervalSince1970) < 600)
    }

    /// A backfill that never reached the database records no run, exits 1, and says so in the
    /// metrics (the failure metric an alert fires on).
    @Test func anUnreachableDatabaseIsAFailedJobAndNoRun() throws {
        let folder = temporaryFolder("metrics-file")
        let state = folder.appendingPathComponent("state")
        let file = folder.appendingPathComponent("backfill.prom")
        let run = try ToolRun.run(
            [
                "backfill", "--state-dir", state.path, "--metrics-file", file.path, "--database-url",
                "host=127.0.0.1 port=1 dbname=gone connect_timeout=2",
            ])
        #expect(run.status == 1)
        #expect(run.stdout.contains("backfill not run"), "\(run.stdout)")
        let text = try PrometheusText(parsing: try String(contentsOf: file, encoding: .utf8))
        #expect(text.value(MetricName.jobSuccess, ["command": "backfill"]) == 0)
        #expect(text.value(MetricName.jobFailures, ["command": "backfill", "reason": "database"]) == 1)
        #expect(text.value(MetricName.backfillRuns, ["outcome": "unreachable"]) == 1)
        #expect(text.value(MetricName.backfillRuns, ["outcome": "failed"]) == 0)
        let runs =
            (try? FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("runs").path)) ?? []
        #expect(runs.isEmpty, "\(runs)")
    }

    @Test func aMetricsFileMustBeOneTheCollectorReads() throws {
        let run = try ToolRun.run([
            "backfill", "--metrics-file", "/tmp/metrics.txt", "--database-url", "host=127.0.0.1 port=1",
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("must end in .prom"))
    }
}
