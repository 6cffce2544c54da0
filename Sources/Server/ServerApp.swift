import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import ServiceLifecycle
public import SiteMetrics
import UnixSignals

/// Builds the companion server: static site from memory, login, sessions, the backfill API.
public enum ServerApp {
    /// The router with every route and middleware (the tests drive it in-process).
    public static func router(
        options: ServerOptions, logger: Logger, site: StaticSite? = nil, sessions: SessionStore = SessionStore(),
        metrics: SiteMetrics = SiteMetrics(), readiness: Readiness = Readiness(), accessLog: AccessLog? = nil
    ) throws -> Router<AppRequestContext> {
        let users = try UserStore(file: options.users)
        for user in users.weakUsers {
            logger.warning(
                "weak password hash: bcrypt cost below \(UserStore.minimumCost); it is upgraded to cost \(UserStore.defaultCost) at the next login",
                metadata: ["user": "\(user.prefix(64))"])
        }
        let site = site ?? StaticSite(root: options.site)
        let policy = AccessPolicy(isPublic: options.isPublic)
        let health = HealthMonitor(databaseURL: options.databaseURL, connectTimeout: options.healthConnectTimeout)
        _ = health.current()  // the first check starts now, in the background
        metrics.prepareServer()
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(proxies: options.trustedProxies))
        router.add(middleware: AccessMiddleware(metrics: metrics, log: accessLog ?? AccessLog(logger: logger)))
        router.add(middleware: SecurityHeadersMiddleware(policy: policy))
        router.add(middleware: SessionMiddleware(sessions: sessions, policy: policy))
        LoginRoutes(
            users: users, sessions: sessions, throttle: LoginThrottle(),
            devices: try DeviceCookies.load(stateDirectory: options.stateDirectory),
            secureCookies: options.secureCookies, metrics: metrics
        )
        .add(to: router)
        APIRoutes(
            service: BackfillService(options: options, site: site, logger: logger, metrics: metrics), health: health,
            readiness: readiness
        )
        .add(to: router)
        MetricsRoute(metrics: metrics, allowed: TrustedProxies(options.metricsAllow), site: options.site).add(
            to: router)
        let files = StaticFileResponder(site: site, metrics: metrics)
        router.get("/") { request, context in files.respond(to: request, context: context) }
        router.get("**") { request, context in files.respond(to: request, context: context) }
        router.head("**") { request, context in files.respond(to: request, context: context) }
        return router
    }

    /// The application, listening on `options.host:options.port`: the router behind the static
    /// fast path, which shares its site cache and sessions.
    public static func application(
        options: ServerOptions, logger: Logger, readiness: Readiness = Readiness()
    ) throws -> some ApplicationProtocol {
        let site = StaticSite(root: options.site)
        site.warmInBackground()
        let sessions = SessionStore()
        let policy = AccessPolicy(isPublic: options.isPublic)
        let (limits, count) = (options.limits, ConnectionCount())
        let (metrics, accessLog) = (SiteMetrics(), AccessLog(logger: logger))
        let proxies = options.trustedProxies
        let http = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [
                    AnswerHeadersHandler(),
                    ConnectionGuard(limits: limits, count: count, proxies: proxies, logger: logger, metrics: metrics),
                    StaticFastPath(
                        site: site, sessions: sessions, policy: policy, proxies: proxies, metrics: metrics,
                        accessLog: accessLog),
                ]))
        var options = options
        if options.tls != nil { options.secureCookies = true }
        return Application(
            router: try router(
                options: options, logger: logger, site: site, sessions: sessions, metrics: metrics,
                readiness: readiness, accessLog: accessLog),
            server: try options.tls.map {
                try HTTPServerBuilder.tls(http, tlsConfiguration: TLSFiles.configuration($0))
            } ?? http,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "telemetry-site"),
            logger: logger)
    }

    /// Runs the application until SIGTERM or SIGINT, then stops gracefully: `/readyz` answers
    /// 503 at once, the listener closes, requests in flight (a backfill POST included) finish
    /// within `options.shutdownTimeout`; after that they are cancelled.
    public static func run(options: ServerOptions, logger: Logger) async throws {
        let readiness = Readiness()
        let app = try application(options: options, logger: logger, readiness: readiness)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: app),
                .init(
                    service: ReadinessWatcher(readiness: readiness, timeout: options.shutdownTimeout, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownTimeout
        try await ServiceGroup(configuration: configuration).run()
    }
}
