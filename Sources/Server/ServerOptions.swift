public import Foundation
public import Redaction

/// How `telemetry-site serve` runs.
public struct ServerOptions: Sendable {
    /// The site folder served (what `site build` wrote).
    public var site: URL
    /// The address to listen on.
    public var host: String
    /// The TCP port to listen on.
    public var port: Int
    /// htpasswd file with bcrypt lines (`htpasswd -B` compatible).
    public var users: URL
    /// Serve pages without a login (the backfill endpoint still needs one).
    public var isPublic: Bool
    /// Whether session cookies carry `Secure` (behind TLS).
    public var secureCookies: Bool
    /// libpq URL or key-value string of the database; nil reads the `PG*` environment.
    public var databaseURL: String?
    /// The tool's state folder (run records, build manifests).
    public var stateDirectory: URL
    /// A folder of templates overriding the defaults, for the rebuild after a backfill.
    public var templates: URL?
    /// The default templates (the checkout's `Templates/`).
    public var defaultTemplates: URL
    /// Timeouts and the cap on open connections.
    public var limits = ConnectionLimits()
    /// Seconds a health check waits for the database to answer.
    public var healthConnectTimeout = 2
    /// Seconds a backfill POST waits for the database to answer its connection; the
    /// `Retry-After` of a POST refused while another one waits.
    public var backfillConnectTimeout = 10
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client (none: the peer is
    /// the client); they are also exempt from the per-client connection cap.
    public var trustedProxies = TrustedProxies()
    /// Secrets masked in the run records and the rebuilt site (on by default).
    public var redaction: RedactionSetting
    /// Where the rebuild after a backfill reads (a hot standby); nil reads `databaseURL`.
    public var readDatabaseURL: String?
    /// How long that rebuild waits for the standby to replay the backfill (zero: no wait).
    public var replicaWait: Duration = .seconds(30)
    /// PEM files of the certificate chain and its private key: set, the server speaks HTTPS
    /// itself (TLS 1.2 or newer) and its session cookies carry `Secure`.
    public var tls: (certificate: URL, key: URL)?
    /// How long SIGTERM waits for in-flight requests (a backfill POST included) before it cuts
    /// them off (`--shutdown-timeout`).
    public var shutdownTimeout: Duration = .seconds(30)
    /// The clients `/metrics` answers (`--metrics-allow`); loopback by default.
    public var metricsAllow: [TrustedProxies.Network] = ["127.0.0.0/8", "::1"].compactMap(TrustedProxies.Network.init)

    /// Options with the defaults of `telemetry-site serve`.
    public init(
        site: URL, host: String = "127.0.0.1", port: Int = 8080, users: URL, isPublic: Bool = false,
        secureCookies: Bool = false, databaseURL: String?, stateDirectory: URL, templates: URL? = nil,
        defaultTemplates: URL, redaction: RedactionSetting = .rules(file: nil)
    ) {
        self.site = site
        self.host = host
        self.port = port
        self.users = users
        self.isPublic = isPublic
        self.secureCookies = secureCookies
        self.databaseURL = databaseURL
        self.stateDirectory = stateDirectory
        self.templates = templates
        self.defaultTemplates = defaultTemplates
        self.redaction = redaction
    }
}
