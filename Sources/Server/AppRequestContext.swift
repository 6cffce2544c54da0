public import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the peer address (login throttling)
/// and the session, once the session middleware found one.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (a reverse proxy's, behind one).
    public let remoteAddress: String
    /// The client's address, the key of the login throttle: the peer, or behind a trusted
    /// proxy the address its `Forwarded` / `X-Forwarded-For` header names (set by
    /// `ClientAddressMiddleware`).
    public var clientAddress: String
    /// The signed-in session, set by the session middleware when the cookie names a live one.
    public var session: Session?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        clientAddress = remoteAddress
        session = nil
    }

    /// Bodies above 16 KiB are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 16 * 1024 }
}
