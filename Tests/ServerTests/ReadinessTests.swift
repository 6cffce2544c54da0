import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@testable import Server

/// `/readyz`: 503 until the site is loaded and from the moment a shutdown begins; never behind
/// the login (a load balancer has no session).
@Suite struct ReadinessTests {
    static func status(_ client: some TestClientProtocol) async throws -> (Int, String) {
        try await client.execute(uri: "/readyz", method: .get) { ($0.status.code, String(buffer: $0.body)) }
    }

    @Test func readyOnceLoadedAndNotWhileStopping() async throws {
        let fixture = try ServerFixture(trades: 2)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let (site, readiness) = (StaticSite(root: fixture.options.site), Readiness())
        let router = try ServerApp.router(options: fixture.options, logger: logger, site: site, readiness: readiness)
        try await Application(router: router, logger: logger).test(.router) { client in
            let before = try await Self.status(client)
            #expect(before.0 == 503 && before.1.contains("loading"), "\(before)")
            site.warmInBackground()
            var now = before
            for _ in 0..<200 where now.0 != 200 {
                try await Task.sleep(for: .milliseconds(50))
                now = try await Self.status(client)
            }
            #expect(now.0 == 200 && now.1.contains("ready"), "\(now)")
            readiness.stop()
            let stopping = try await Self.status(client)
            #expect(stopping.0 == 503 && stopping.1.contains("stopping"), "\(stopping)")
        }
    }

    @Test func aFolderWithoutASiteIsNotReady() async throws {
        var fixture = try ServerFixture(trades: 2)
        fixture.options.site = temporaryFolder("empty-site")
        try FileManager.default.createDirectory(at: fixture.options.site, withIntermediateDirectories: true)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let site = StaticSite(root: fixture.options.site)
        site.warmInBackground()
        let router = try ServerApp.router(options: fixture.options, logger: logger, site: site)
        try await Application(router: router, logger: logger).test(.router) { client in
            for _ in 0..<20 {
                #expect(try await Self.status(client).0 == 503)
                try await Task.sleep(for: .milliseconds(25))
            }
        }
    }
}
