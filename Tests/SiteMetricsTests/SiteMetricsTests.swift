import Foundation
import SiteMetrics
import TestSupport
import Testing

@Suite struct SiteMetricsTests {
    @Test func everyNameParsesWithItsTypeAndValues() throws {
        let metrics = SiteMetrics()
        metrics.prepareServer()
        metrics.request(.staticFiles, status: 200, duration: .milliseconds(3))
        metrics.request(.login, status: 429, duration: .milliseconds(1))
        metrics.staticFile(hit: true, bytes: 1_000)
        metrics.staticFile(hit: false, bytes: 234)
        metrics.login(.throttled)
        metrics.connectionRefused(.perClient)
        metrics.backfill(
            .succeeded, duration: .seconds(2),
            rows: .init(scanned: 10, inserted: 7, skipped: 2, failed: 1))
        metrics.siteBuild(succeeded: false, trigger: .backfill, duration: .seconds(3))
        metrics.buildAge(seconds: 42)
        metrics.job("run", failure: .build, at: 1_700_000_000)
        let text = try PrometheusText(parsing: String(decoding: metrics.exposition(), as: UTF8.self))

        for (name, type) in MetricName.catalogue {
            #expect(text.type(of: name) == type, "\(name)")
        }
        #expect(text.value(MetricName.httpRequests, ["route": "login", "status": "429"]) == 1)
        #expect(text.value(MetricName.httpRequests, ["route": "api", "status": "200"]) == 0)
        #expect(text.value(MetricName.httpRequestDuration + "_count", ["route": "static"]) == 1)
        #expect(text.value(MetricName.httpRequestDuration + "_bucket", ["route": "static", "le": "0.001"]) == 0)
        #expect(text.value(MetricName.httpRequestDuration + "_bucket", ["route": "static", "le": "0.005"]) == 1)
        #expect(text.value(MetricName.staticBytes) == 1_234)
        #expect(text.value(MetricName.staticCacheHits) == 1)
        #expect(text.value(MetricName.logins, ["outcome": "throttled"]) == 1)
        #expect(text.value(MetricName.logins, ["outcome": "success"]) == 0)
        #expect(text.value(MetricName.connectionsRefused, ["limit": "per_client"]) == 1)
        #expect(text.value(MetricName.backfillRows, ["kind": "inserted"]) == 7)
        #expect(text.value(MetricName.backfillDuration + "_sum") == 2)
        #expect(text.value(MetricName.siteBuilds, ["outcome": "failed", "trigger": "backfill"]) == 1)
        #expect(text.value(MetricName.buildAge) == 42)
        #expect(text.value(MetricName.jobSuccess, ["command": "run"]) == 0)
        #expect(text.value(MetricName.jobFailures, ["command": "run", "reason": "build"]) == 1)
        #expect(text.value(MetricName.jobFailures, ["command": "run", "reason": "database"]) == 0)
    }

    @Test func theTextfileIsReplacedWholeAndReadable() throws {
        let folder = temporaryFolder("textfile")
        let path = folder.appendingPathComponent("telemetry.prom").path
        let first = SiteMetrics()
        first.job("backfill", failure: nil, at: 1)
        try first.writeTextfile(to: path)
        let second = SiteMetrics()
        second.job("backfill", failure: .database, at: 2)
        try second.writeTextfile(to: path)

        let text = try PrometheusText(parsing: try String(contentsOfFile: path, encoding: .utf8))
        #expect(text.value(MetricName.jobSuccess, ["command": "backfill"]) == 0)
        #expect(text.value(MetricName.jobLastRun, ["command": "backfill"]) == 2)
        // Nothing beside it: the temporary file was renamed over it, not left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["telemetry.prom"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }
}
