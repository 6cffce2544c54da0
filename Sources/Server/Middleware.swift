import Foundation
import HTTPTypes
import Hummingbird

/// The security headers every answer carries.
enum SecurityHeaders {
    static let policy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let fields: HTTPFields = [
        .contentSecurityPolicy: policy, .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer",
        .xFrameOptions: "DENY",
    ]
}

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

extension HTTPField.Name {
    static let xCSRFToken = HTTPField.Name("X-CSRF-Token")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

/// JSON answers.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ object: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(status, ErrorBody(success: false, error: message))
    }

    struct ErrorBody: Encodable {
        var success: Bool
        var error: String
    }
}
