import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import SiteMetrics

/// Answers GET and HEAD for site files already in memory straight from the connection's
/// pipeline, before Hummingbird's router: the same headers, guard and access log line as the
/// routed answer, without a task hop per request. Everything else — routes, files not yet
/// cached, conditional requests, `Connection: close`, a visitor without a session on a
/// guarded site — goes on to the router unchanged. While a routed request is unanswered,
/// later requests on the connection go the same way, so answers keep their order.
final class StaticFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let site: StaticSite
    private let sessions: SessionStore
    private let policy: AccessPolicy
    private let proxies: TrustedProxies
    private let metrics: SiteMetrics
    private let accessLog: AccessLog
    /// Requests handed to the router whose answer has not ended.
    private var routed = 0
    /// Inside a request answered here: its body parts are dropped.
    private var answered = false

    init(
        site: StaticSite, sessions: SessionStore, policy: AccessPolicy, proxies: TrustedProxies, metrics: SiteMetrics,
        accessLog: AccessLog
    ) {
        self.metrics = metrics
        self.accessLog = accessLog
        self.proxies = proxies
        self.site = site
        self.sessions = sessions
        self.policy = policy
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if routed == 0, let (file, path) = servable(request) {
                let started = ContinuousClock.now
                answered = true
                var fields = file.headers
                fields[.cacheControl] = policy.cacheControl(for: path)
                fields.append(HTTPField(name: .date, value: HTTPDate.now()))
                fields.append(HTTPField(name: .server, value: "telemetry-site"))
                context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
                if request.method == .get {
                    context.write(wrapOutboundOut(.body(file.body)), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                let bytes = request.method == .get ? file.body.readableBytes : 0
                let duration = ContinuousClock.now - started
                metrics.staticFile(hit: true, bytes: bytes)
                metrics.request(.staticFiles, status: 200, duration: duration)
                let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
                accessLog.record(
                    method: request.method.rawValue, target: request.path ?? "", status: 200, bytes: bytes,
                    duration: duration, client: proxies.client(peer: peer, headers: request.headerFields))
                return
            }
            answered = false
            routed += 1
            context.fireChannelRead(data)
        case .body:
            if !answered { context.fireChannelRead(data) }
        case .end:
            if answered {
                answered = false
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routed > 0 { routed -= 1 }
        context.write(data, promise: promise)
    }

    /// The cached file this request may be answered with here, if any.
    private func servable(_ request: HTTPRequest) -> (StaticSite.File, String)? {
        guard request.method == .get || request.method == .head, let target = request.path else { return nil }
        let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        // Routes (the login form, logout, health, the API) are the router's.
        if SiteMetrics.RouteClass(path: path) != .staticFiles { return nil }
        let fields = request.headerFields
        if fields[.ifNoneMatch] != nil || fields[.ifModifiedSince] != nil { return nil }
        if let connection = fields[.connection], connection.lowercased().contains("close") { return nil }
        if policy.redirectsStrangers(path) {
            guard let id = AccessPolicy.sessionID(in: fields), sessions.session(id) != nil else { return nil }
        }
        return site.cached(path).map { ($0, path) }
    }

}
