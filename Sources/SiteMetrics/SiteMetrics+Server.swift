/// What the server records.
extension SiteMetrics {
    /// The class of a request's path, a label with few values (never the path itself).
    public enum RouteClass: String, Sendable, CaseIterable {
        /// Site files (pages, assets, exports).
        case staticFiles = "static"
        /// `/login` and `/logout`.
        case login
        /// `/api/…`.
        case api
        /// `/healthz` and `/readyz`.
        case health
        /// `/metrics`.
        case metrics

        /// The class of `path` (without its query).
        public init(path: String) {
            switch path {
            case "/login", "/logout": self = .login
            case "/healthz", "/readyz": self = .health
            case "/metrics": self = .metrics
            default: self = path.hasPrefix("/api/") ? .api : .staticFiles
            }
        }
    }

    /// How a login attempt ended.
    public enum LoginOutcome: String, Sendable, CaseIterable {
        /// Signed in.
        case success
        /// Wrong name or password.
        case failure
        /// Refused with 429 before its password was checked.
        case throttled
    }

    /// Which cap refused a connection.
    public enum ConnectionLimit: String, Sendable, CaseIterable {
        /// All connections open at once.
        case total
        /// One client's connections open at once.
        case perClient = "per_client"
    }

    /// One answered request.
    public func request(_ route: RouteClass, status: Int, duration: Duration) {
        count(MetricName.httpRequests, [("route", route.rawValue), ("status", String(status))])
        observe(MetricName.httpRequestDuration, [("route", route.rawValue)], duration: duration)
    }

    /// A site file answered from memory (`hit`) or read from disk first, with `bytes` of body.
    public func staticFile(hit: Bool, bytes: Int) {
        count(hit ? MetricName.staticCacheHits : MetricName.staticCacheMisses)
        if bytes > 0 { count(MetricName.staticBytes, by: bytes) }
    }

    /// A login attempt's outcome.
    public func login(_ outcome: LoginOutcome) {
        count(MetricName.logins, [("outcome", outcome.rawValue)])
    }

    /// A connection closed on arrival.
    public func connectionRefused(_ limit: ConnectionLimit) {
        count(MetricName.connectionsRefused, [("limit", limit.rawValue)])
    }

    /// The served build's age; nil when the site has no `build.json` (-1).
    public func buildAge(seconds: Double?) {
        set(MetricName.buildAge, to: seconds ?? -1)
    }

    /// Every server series at zero, so a scrape shows each documented name from the start.
    public func prepareServer() {
        for route in RouteClass.allCases {
            count(MetricName.httpRequests, [("route", route.rawValue), ("status", "200")], by: 0)
            register(histogram: MetricName.httpRequestDuration, [("route", route.rawValue)])
        }
        for name in [MetricName.staticCacheHits, MetricName.staticCacheMisses, MetricName.staticBytes] {
            count(name, by: 0)
        }
        for outcome in LoginOutcome.allCases { count(MetricName.logins, [("outcome", outcome.rawValue)], by: 0) }
        for limit in ConnectionLimit.allCases {
            count(MetricName.connectionsRefused, [("limit", limit.rawValue)], by: 0)
        }
        prepareJobs()
        buildAge(seconds: nil)
    }
}
