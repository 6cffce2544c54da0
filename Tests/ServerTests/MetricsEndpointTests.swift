import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SiteMetrics
import TestSupport
import Testing

@testable import Server

/// `/metrics`: Prometheus' own parser reads it; it counts what the server did; only the
/// allowed addresses read it, never through the login.
@Suite struct MetricsEndpointTests {
    static let backfillPath = "/api/automated-signals/telemetry/backfill"

    @Test func aScrapeParsesAndCountsWhatTheServerDid() async throws {
        let fixture = try ServerFixture(trades: 5)
        try await fixture.servedApplication().testLive { client in
            let stranger = try await client.execute(uri: "/index.html", method: .get) { $0.status }
            #expect(stranger == .seeOther)
            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=alice&password=nope")
            ) { $0.status }
            #expect(wrong == .unauthorized)
            let (cookie, csrf) = try await client.login()
            for _ in 0..<3 {
                let page = try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) {
                    $0.status
                }
                #expect(page == .ok)
            }
            let backfill = try await client.execute(
                uri: Self.backfillPath, method: .post, headers: [.cookie: cookie, .xCSRFTokenForTests: csrf]
            ) { $0.status }
            #expect(backfill == .ok)

            // No session: /metrics is never behind the login.
            let (type, body) = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return (response.headers[.contentType] ?? "", String(buffer: response.body))
            }
            #expect(type.hasPrefix("text/plain; version=0.0.4"))
            let text = try PrometheusText(parsing: body)
            for (name, kind) in MetricName.catalogue where MetricName.server.contains(name) {
                #expect(text.type(of: name) == kind, "\(name)")
            }
            #expect(text.value(MetricName.logins, ["outcome": "failure"]) == 1)
            #expect(text.value(MetricName.logins, ["outcome": "success"]) == 1)
            #expect(text.value(MetricName.logins, ["outcome": "throttled"]) == 0)
            #expect(text.value(MetricName.backfillRuns, ["outcome": "succeeded"]) == 1)
            #expect(text.value(MetricName.backfillDuration + "_count") == 1)
            #expect(text.value(MetricName.siteBuilds, ["outcome": "succeeded", "trigger": "backfill"]) == 1)
            #expect(text.value(MetricName.httpRequests, ["route": "api", "status": "200"]) ?? 0 >= 2)
            #expect(text.value(MetricName.httpRequests, ["route": "static", "status": "303"]) == 1)
            #expect(text.value(MetricName.httpRequests, ["route": "login", "status": "401"]) == 1)
            let served = (text.value(MetricName.staticCacheHits) ?? 0) + (text.value(MetricName.staticCacheMisses) ?? 0)
            #expect(served == 3)
            #expect(text.value(MetricName.staticBytes) ?? 0 > 1_000)
            let age = try #require(text.value(MetricName.buildAge))
            #expect(age >= 0 && age < 600)
        }
    }

    @Test func onlyAllowedClientsReadMetricsWhateverTheirSession() async throws {
        var fixture = try ServerFixture(public: true, trades: 2)
        fixture.options.metricsAllow = [try #require(TrustedProxies.Network("10.0.0.0/8"))]
        try await fixture.servedApplication().testLive { client in
            let (cookie, _) = try await client.login()
            for headers: HTTPFields in [[:], [.cookie: cookie]] {
                let (status, body) = try await client.execute(uri: "/metrics", method: .get, headers: headers) {
                    ($0.status, String(buffer: $0.body))
                }
                #expect(status == .forbidden)
                #expect(!body.contains("telemetry_site_"))
            }
        }
    }
}
