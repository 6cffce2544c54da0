import Foundation
import SiteMetrics
import TestSupport
import Testing

/// `run --notify`: the night's message reaches a webhook once, is retried after a 500, is given
/// up within its bound, never fails the night, and carries no secret: not the webhook's token,
/// not one in a validation error.
@Suite struct NotifyTests {
    /// A site built once, then a new validation error naming a card number: the next night has
    /// one new error group.
    static func nightWithANewGroup() throws -> SiteFixture {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 6))
        try fixture.build()
        try fixture.insert(
            received: "2099-01-01 00:00:00", raw: "{}", error: "card 4111 1111 1111 1111 declined by the gateway")
        return fixture
    }

    static func run(_ fixture: SiteFixture, _ extra: [String]) throws -> ToolRun {
        try ToolRun.run(
            [
                "run", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--templates",
                SiteFixture.templates.path,
            ] + extra,
            environment: ["DATABASE_URL": fixture.database.url])
    }

    @Test func theNightArrivesOnceWithItsNewGroupLinkedAndNoSecret() throws {
        let fixture = try Self.nightWithANewGroup()
        let receiver = try WebhookReceiver(statuses: ["200"])
        let run = try Self.run(
            fixture,
            [
                "--notify", "http://127.0.0.1:\(receiver.port)/services/T000/B000/SECRETTOKEN123",
                "--site-url", "https://reports.example/telemetry",
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let posts = receiver.posts
        #expect(posts.count == 1)
        let body = try #require(posts.first?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect((object["text"] as? String)?.contains("1 new error group") == true, "\(body)")
        #expect(object["blocks"] is [Any])
        #expect(body.contains("https://reports.example/telemetry/errors/index.html#g"), "\(body)")
        #expect(body.contains("declined by the gateway"))
        #expect(!body.contains("4111 1111 1111 1111"), "\(body)")
        #expect(!(run.stdout + run.stderr).contains("SECRETTOKEN123"))
        #expect(run.stderr.contains("notification sent"))
    }

    @Test func aRefusalIsRetriedAndTheFullJSONArrives() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 4))
        let receiver = try WebhookReceiver(statuses: ["500", "200"])
        let metrics = fixture.folder.appendingPathComponent("night.prom")
        let run = try Self.run(
            fixture,
            [
                "--notify", "http://127.0.0.1:\(receiver.port)/hook", "--notify-on", "always", "--notify-format",
                "json", "--metrics-file", metrics.path,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let posts = receiver.posts
        #expect(posts.count == 2)
        #expect(posts.first?.body == posts.last?.body)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data((posts.last?.body ?? "").utf8)) as? [String: Any])
        #expect(object["success"] as? Bool == true)
        #expect((object["counts"] as? [String: Any])?["inserted"] as? Int ?? 0 > 0)
        let text = try PrometheusText(parsing: try String(contentsOf: metrics, encoding: .utf8))
        #expect(text.value(MetricName.notifications, ["outcome": "sent"]) == 1)
        #expect(text.value(MetricName.notifications, ["outcome": "failed"]) == 0)
    }

    @Test func aDeadReceiverIsGivenUpWithinTheBoundAndTheNightStillSucceeds() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 4))
        let receiver = try WebhookReceiver(statuses: ["503", "hang"])
        let metrics = fixture.folder.appendingPathComponent("night.prom")
        let started = Date()
        let run = try Self.run(
            fixture,
            [
                "--notify", "http://127.0.0.1:\(receiver.port)/hook", "--notify-on", "always", "--notify-retries", "1",
                "--notify-timeout", "2", "--metrics-file", metrics.path,
            ])
        #expect(run.status == 0, "a failed notification never fails the night: \(run.stderr)")
        #expect(receiver.posts.count == 2)
        #expect(run.stderr.contains("notification given up"))
        // Two attempts, 2 s apart, the second cut at its 2 s timeout: well within 25 s.
        #expect(Date().timeIntervalSince(started) < 25)
        let text = try PrometheusText(parsing: try String(contentsOf: metrics, encoding: .utf8))
        #expect(text.value(MetricName.notifications, ["outcome": "failed"]) == 1)
    }

    @Test func aNightWithNothingToSayIsNotToldByDefault() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 4))
        try fixture.build()
        let receiver = try WebhookReceiver(statuses: ["200"])
        let run = try Self.run(fixture, ["--notify", "http://127.0.0.1:\(receiver.port)/hook"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(receiver.posts.isEmpty)
    }
}
