import Foundation
import HTTPTypes
public import Hummingbird
public import HummingbirdTesting
public import Logging
public import Server
import SiteBuilder

/// A built site, a users file with alice (password "correct horse") and a router over them.
public struct ServerFixture: Sendable {
    public let site: SiteFixture
    public var options: ServerOptions
    public static let password = "correct horse"

    public init(
        public isPublic: Bool = false, secureCookies: Bool = false, databaseURL: String? = nil, trades: Int = 20
    )
        throws
    {
        site = try SiteFixture(try TestDatabase.seeded(trades: trades))
        try site.build()
        let users = site.folder.appendingPathComponent("users.htpasswd")
        try UserStore.set(user: "alice", password: Self.password, in: users, cost: UserStore.minimumCost)
        options = ServerOptions(
            site: site.out, users: users, isPublic: isPublic, secureCookies: secureCookies,
            databaseURL: databaseURL ?? site.database.url, stateDirectory: site.state,
            defaultTemplates: SiteFixture.templates)
    }

    /// The application `serve` runs (the static fast path in front of the router), on a free port.
    public func servedApplication(limits: ConnectionLimits? = nil, logger: Logger? = nil) throws
        -> some ApplicationProtocol
    {
        var options = options
        options.port = 0
        // A loaded test process may take seconds between connecting and sending.
        options.limits = limits ?? ConnectionLimits(headerTimeout: .seconds(120), idleTimeout: .seconds(120))
        return try ServerApp.application(
            options: options, logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    public func application() throws -> some ApplicationProtocol {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return Application(router: try ServerApp.router(options: options, logger: logger), logger: logger)
    }
}

extension TestClientProtocol {
    /// Logs alice in; the session cookie and CSRF token for the next requests.
    public func login(password: String = ServerFixture.password) async throws -> (cookie: String, csrf: String) {
        let cookie = try await execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "user=alice&password=\(password.replacingOccurrences(of: " ", with: "+"))")
        ) { response -> String in
            let header = response.headers[.setCookie] ?? ""
            return String(header.split(separator: ";").first ?? "")
        }
        let csrf = try await execute(uri: "/api/session", method: .get, headers: [.cookie: cookie]) {
            response -> String in
            let object =
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: String]
            return object?["csrf"] ?? ""
        }
        return (cookie, csrf)
    }
}
