import Hummingbird

/// Sets the request's client address: the peer, or behind a trusted proxy the address its
/// forwarding header names (`TrustedProxies.client`).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let proxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !proxies.networks.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = proxies.client(peer: context.remoteAddress, headers: request.headers)
        return try await next(request, context)
    }
}
