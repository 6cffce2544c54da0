import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import SiteMetrics

/// The first handler after HTTP decoding on every connection: caps open connections, closes a
/// connection whose request head or body does not arrive in time or that idles too long (a
/// slow-loris client holds a descriptor for seconds, not forever), answers 400 to a request
/// without exactly one `Host`, and closes the connection after an answer that refused a body
/// (413) instead of reading the rest of it.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let metrics: SiteMetrics
    private let count: ConnectionCount
    private let proxies: TrustedProxies
    private let logger: Logger
    private var counted = false
    /// The client this connection counts against (`ClientKey`), once counted.
    private var client: String?
    /// When the connection is closed unless something happens first (nil: no clock runs), and why.
    private var deadline: (at: NIODeadline, reason: String)?
    /// The one scheduled check: it never fires later than `deadline`, and never more than the
    /// shortest timeout ahead, so a new deadline (always at least that far off) never moves it:
    /// a request costs no timer scheduling, only a connection idle that long wakes it.
    private var check: Scheduled<Void>?
    /// Requests whose answer has not ended.
    private var unanswered = 0
    /// Between a request's head and the end of its body.
    private var readingBody = false
    /// Inside a refused request: its remaining parts are dropped.
    private var refusing = false
    private var closeAfterAnswer = false

    init(
        limits: ConnectionLimits, count: ConnectionCount, proxies: TrustedProxies, logger: Logger, metrics: SiteMetrics
    ) {
        self.limits = limits
        self.count = count
        self.proxies = proxies
        self.logger = logger
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard count.enter(limit: limits.maxConnections) else {
            metrics.connectionRefused(.total)
            refuse(context, reason: "too many open", limit: limits.maxConnections)
            return
        }
        let key = ClientKey.of(context.channel.remoteAddress)
        // A trusted proxy carries every client's connections: only the global cap applies.
        let limit = proxies.isTrusted(context.channel.remoteAddress?.ipAddress ?? "") ? Int.max : limits.maxPerClient
        guard count.enter(client: key, limit: limit) else {
            count.leave()
            metrics.connectionRefused(.perClient)
            refuse(context, reason: "too many open from one client", limit: limits.maxPerClient)
            return
        }
        counted = true
        client = key
        arm(limits.headerTimeout, context: context, reason: "no request head")
    }

    /// Closes a connection over a cap; logs at most one line a second, with the refusals since
    /// the last one.
    private func refuse(_ context: ChannelHandlerContext, reason: String, limit: Int) {
        context.close(promise: nil)
        guard let refusals = count.refused() else { return }
        logger.warning(
            "connections refused: \(reason)", metadata: ["limit": "\(limit)", "refused": "\(refusals)"])
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        if counted {
            counted = false
            count.leave()
            if let client { count.leave(client: client) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if let problem = Self.hostProblem(request) {
                refusing = true
                refuse(context: context, message: problem)
                return
            }
            refusing = false
            unanswered += 1
            readingBody = true
            arm(limits.bodyTimeout, context: context, reason: "request body too slow")
        case .body:
            if refusing { return }
        case .end:
            if refusing { return }
            readingBody = false
            idleIfDone(context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.status == .contentTooLarge || response.headerFields[.connection]?.lowercased() == "close" {
                closeAfterAnswer = true
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            guard closeAfterAnswer else {
                context.write(data, promise: promise)
                idleIfDone(context)
                return
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(data, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Why a request's `Host` is unacceptable (none, or more than one), or nil.
    static func hostProblem(_ request: HTTPRequest) -> String? {
        // The decoder moves the first Host into `authority`; any further one stays a field.
        if request.authority == nil || request.authority?.isEmpty == true { return "a request needs a Host header" }
        if request.headerFields[HTTPField.Name("Host")!] != nil { return "a request may carry one Host header only" }
        return nil
    }

    private func refuse(context: ChannelHandlerContext, message: String) {
        disarm()
        let body = ByteBuffer(string: message + "\n")
        var fields: HTTPFields = [
            .contentType: "text/plain; charset=utf-8", .contentLength: String(body.readableBytes), .connection: "close",
        ]
        fields.append(contentsOf: SecurityHeaders.fields)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext, reason: String) {
        deadline = (.now() + timeout, reason)
        if check == nil { scheduleCheck(context) }
    }

    private func scheduleCheck(_ context: ChannelHandlerContext) {
        guard let deadline else { return }
        let shortest = min(limits.headerTimeout, limits.bodyTimeout, limits.idleTimeout)
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: min(deadline.at, .now() + shortest)) {
            self.check = nil
            guard let deadline = self.deadline else { return }
            if deadline.at <= .now() {
                self.logger.debug("closing a connection", metadata: ["reason": "\(deadline.reason)"])
                context.close(promise: nil)
            } else {
                self.scheduleCheck(context)
            }
        }
    }

    /// Starts the idle clock once every request is read and answered; until then, none runs
    /// (the answer's own time is the application's).
    private func idleIfDone(_ context: ChannelHandlerContext) {
        if readingBody { return }
        if unanswered == 0 {
            arm(limits.idleTimeout, context: context, reason: "idle")
        } else {
            disarm()
        }
    }

    /// Stops the clock (the scheduled check, when it fires, finds nothing to do and ends).
    private func disarm() {
        deadline = nil
    }
}
