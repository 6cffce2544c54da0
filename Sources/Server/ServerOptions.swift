public import Foundation

/// How `telemetry-site serve` runs.
public struct ServerOptions: Sendable {
    public var site: URL
    public var host: String
    public var port: Int
    /// htpasswd file with bcrypt lines (`htpasswd -B` compatible).
    public var users: URL
    /// Serve pages without a login (the backfill endpoint still needs one).
    public var isPublic: Bool
    public var secureCookies: Bool
    public var databaseURL: String?
    public var stateDirectory: URL
    public var templates: URL?
    public var defaultTemplates: URL
    /// Timeouts and the cap on open connections.
    public var limits = ConnectionLimits()
    /// Seconds a health check waits for the database to answer.
    public var healthConnectTimeout = 2

    public init(
        site: URL, host: String = "127.0.0.1", port: Int = 8080, users: URL, isPublic: Bool = false,
        secureCookies: Bool = false, databaseURL: String?, stateDirectory: URL, templates: URL? = nil,
        defaultTemplates: URL
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
    }
}
