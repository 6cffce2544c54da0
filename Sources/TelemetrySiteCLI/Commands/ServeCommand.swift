import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Server
import SiteBuilder
import SiteTemplates

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site, log users in, and run the guarded backfill endpoint.",
        discussion:
            "POST /api/automated-signals/telemetry/backfill needs a session and its X-CSRF-Token; it backfills, rebuilds the site incrementally, then answers JSON."
    )

    @OptionGroup var shared: SharedOptions
    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The built site to serve.")
    var site: String = "Site"

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "htpasswd file with bcrypt lines (telemetry-site user add, or htpasswd -B).")
    var users: String = ".telemetry-site/users.htpasswd"

    @Flag(name: .customLong("public"), help: "Serve pages without a login (the backfill endpoint still needs one).")
    var isPublic = false

    @Flag(name: .customLong("secure-cookies"), help: "Mark the session cookie Secure (behind HTTPS).")
    var secureCookies = false

    @Option(help: "A folder of templates that replace the defaults file by file (for rebuilds).")
    var templates: String?

    @Option(name: .customLong("log-format"), help: "Log lines as text or json.")
    var logFormat: LogFormat = .text

    @Option(
        name: .customLong("backfill-connect-timeout"),
        help:
            "Seconds a backfill POST waits for the database to answer; meanwhile other POSTs get 503 with Retry-After.")
    var backfillConnectTimeout: Int = 10

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy (address or CIDR, repeatable) whose Forwarded / X-Forwarded-For header names the client.",
            discussion:
                "Only from these peers is the client taken from the header (its rightmost address that is not a trusted proxy); from anyone else the headers are ignored.",
            valueName: "cidr"))
    var trustedProxy: [String] = []

    @Option(
        name: .customLong("metrics-allow"),
        help: ArgumentHelp(
            "A client (address or CIDR, repeatable) that may read /metrics (default: loopback only).",
            discussion:
                "/metrics is never behind the login; every other client gets 403. Behind a trusted proxy the forwarded client is checked.",
            valueName: "cidr"))
    var metricsAllow: [String] = []

    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "A PEM certificate chain: serve HTTPS (TLS 1.2+) with it and --tls-key; session cookies then carry Secure.",
            valueName: "pem"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "pem"))
    var tlsKey: String?

    @Option(
        name: .customLong("max-connections"), help: "Connections open at once; further ones are closed on arrival.")
    var maxConnections: Int = ConnectionLimits().maxConnections

    @Option(
        name: .customLong("max-per-client"),
        help:
            "Connections open at once from one client (an IPv4 address or an IPv6 /64; trusted proxies are exempt).")
    var maxPerClient: Int = ConnectionLimits().maxPerClient

    @Option(
        name: .customLong("shutdown-timeout"),
        help: "Seconds SIGTERM waits for requests in flight (a running backfill included) before cutting them off.")
    var shutdownTimeout: Int = 30

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        for file in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("\(file) cannot be read")
        }
        if let bad = metricsAllow.first(where: { TrustedProxies.Network($0) == nil }) {
            throw ValidationError("--metrics-allow \(bad) is not an address or CIDR (10.0.0.0/8, ::1)")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be within 1...65535") }
        if let bad = trustedProxy.first(where: { TrustedProxies.Network($0) == nil }) {
            throw ValidationError("--trusted-proxy \(bad) is not an address or CIDR (10.0.0.0/8, ::1)")
        }
        guard (1...1_000_000).contains(maxConnections), (1...maxConnections).contains(maxPerClient) else {
            throw ValidationError(
                "--max-connections must be at least 1 and --max-per-client within 1...--max-connections")
        }
        guard (1...3600).contains(shutdownTimeout) else {
            throw ValidationError("--shutdown-timeout must be within 1...3600 seconds")
        }
        guard (2...600).contains(backfillConnectTimeout) else {
            throw ValidationError("--backfill-connect-timeout must be within 2...600 seconds")
        }
    }

    func run() async throws {
        var options = ServerOptions(
            site: URL(fileURLWithPath: site, isDirectory: true), host: host, port: port,
            users: URL(fileURLWithPath: users), isPublic: isPublic, secureCookies: secureCookies,
            databaseURL: shared.databaseURL, stateDirectory: shared.stateURL,
            templates: templates.map { URL(fileURLWithPath: $0, isDirectory: true) },
            defaultTemplates: TemplateSet.defaultFolder(), redaction: shared.redaction)
        options.readDatabaseURL = replica.readURL
        options.backfillConnectTimeout = backfillConnectTimeout
        options.trustedProxies = TrustedProxies(trustedProxy.compactMap(TrustedProxies.Network.init))
        options.replicaWait = .milliseconds(Int64(replica.replicaWait * 1000))
        options.shutdownTimeout = .seconds(shutdownTimeout)
        options.limits.maxConnections = maxConnections
        options.limits.maxPerClient = maxPerClient
        if let tlsCert, let tlsKey {
            options.tls = (URL(fileURLWithPath: tlsCert), URL(fileURLWithPath: tlsKey))
        }
        if !metricsAllow.isEmpty { options.metricsAllow = metricsAllow.compactMap(TrustedProxies.Network.init) }
        try await Serving.run(options)
    }
}

/// Starting the server, shared by `serve` and `demo`.
enum Serving {
    static func run(_ options: ServerOptions) async throws {
        let logger = Logger(label: "telemetry-site.serve")
        guard FileManager.default.fileExists(atPath: options.site.appendingPathComponent("index.html").path) else {
            throw ValidationError("\(options.site.path) holds no built site: run telemetry-site build first")
        }
        if (try? Server.UserStore(file: options.users))?.isEmpty ?? true {
            logger.warning("no users in \(options.users.path): add one with telemetry-site user add NAME")
        }
        let buffering = LogSink.shared.startBuffering()  // the access log: no write per request
        defer { buffering.stop() }
        let scheme = options.tls == nil ? "http" : "https"
        Console.out("serving \(options.site.path) on \(scheme)://\(options.host):\(options.port)/")
        do {
            try await ServerApp.run(options: options, logger: logger)
        } catch {
            await BackgroundWork.drain()
            throw error
        }
        await BackgroundWork.drain()
    }
}
