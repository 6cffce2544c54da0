import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The last word on every answer head written to a connection: one that lacks the security
/// headers (the router's own 404 and 405, the parser's 400, a refusal) gets them, and one
/// without `Cache-Control` gets `no-store`. Answers that carry them already pass unchanged.
final class AnswerHeadersHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var response) = unwrapOutboundIn(data),
            response.headerFields[.contentSecurityPolicy] == nil || response.headerFields[.cacheControl] == nil
        else {
            context.write(data, promise: promise)
            return
        }
        if response.headerFields[.contentSecurityPolicy] == nil {
            for field in SecurityHeaders.fields where response.headerFields[field.name] == nil {
                response.headerFields.append(field)
            }
        }
        if response.headerFields[.cacheControl] == nil { response.headerFields[.cacheControl] = "no-store" }
        context.write(wrapOutboundOut(.head(response)), promise: promise)
    }
}
