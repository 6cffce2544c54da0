import Foundation
import HTTPTypes
import Hummingbird

/// Security headers on every answer (static files carry them already) and the policy's
/// `Cache-Control`.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: AccessPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers.append(contentsOf: SecurityHeaders.fields)
        }
        response.headers[.cacheControl] = policy.cacheControl(for: request.uri.path)
        return response
    }
}
