import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import SiteBuilder
import TestSupport
import Testing

/// The server's backfill endpoint with its rebuild reading a real hot standby.
@Suite struct StandbyEndpointTests {
    /// The rebuild after the POST waits until the standby has replayed the backfill (whose
    /// replay is held back until the wait has begun), so the answer's site has the new rows.
    @Test func thePostsRebuildWaitsForTheStandby() async throws {
        let pair = try StandbyPair(delay: "1h")
        defer { pair.stop() }
        var build = pair.fixture.options()
        build.databaseURL = pair.readURL
        try pair.fixture.build(build)
        let users = pair.fixture.folder.appendingPathComponent("users.htpasswd")
        try UserStore.set(user: "alice", password: ServerFixture.password, in: users, cost: 4)
        var options = ServerOptions(
            site: pair.fixture.out, users: users, databaseURL: pair.fixture.database.url,
            stateDirectory: pair.fixture.state, defaultTemplates: SiteFixture.templates)
        options.readDatabaseURL = pair.readURL
        options.replicaWait = .seconds(120)
        let logs = CapturedLogs()
        let application = Application(
            router: try ServerApp.router(options: options, logger: logs.logger),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await application.test(.router) { client in
            let (cookie, csrf) = try await client.login()
            async let answer = client.execute(
                uri: BackfillEndpointTests.path, method: .post, headers: [.cookie: cookie, .xCSRFTokenForTests: csrf]
            ) { response in
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
            }
            let deadline = Date().addingTimeInterval(60)
            while !logs.all.contains(where: { $0.contains("waiting for the standby to replay the backfill") }) {
                try #require(Date() < deadline, "the rebuild never waited for the standby")
                try await Task.sleep(for: .milliseconds(20))
            }
            try pair.delayReplay("0")
            let object = try await answer
            #expect(object["site_rebuilt"] as? Bool == true, "\(object)")
            let inserted = try #require(object["inserted"] as? Int)
            #expect(inserted > 0)
            let rows = try pair.count(on: pair.fixture.database.url)
            #expect(try pair.fixture.read("build.json").contains("\"rows\" : \(rows),"))
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("<dt>Backfilled</dt><dd>\(inserted)</dd>"))
            }
        }
    }
}
