import Foundation
import HTTPTypes
import Hummingbird

/// Finds the visitor's session from its cookie and, unless the site is public, keeps strangers
/// out: pages redirect to /login, API calls answer 401 JSON.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let sessions: SessionStore
    let policy: AccessPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let path = request.uri.path
        // Public pages need no session: skip the cookie parse and the store on the hot path.
        if policy.needsSession(path), let id = AccessPolicy.sessionID(in: request.headers) {
            context.session = sessions.session(id)
        }
        if context.session == nil, policy.redirectsStrangers(path) {
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        return try await next(request, context)
    }
}
