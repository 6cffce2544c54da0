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

/// Security headers on every answer (static files carry them already).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers.append(contentsOf: SecurityHeaders.fields)
        }
        return response
    }
}

/// Finds the visitor's session from its cookie and, unless the site is public, keeps strangers
/// out: pages redirect to /login, API calls answer 401 JSON.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookie = "ts_session"

    let sessions: SessionStore
    let isPublic: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let path = request.uri.path
        let open = path == "/login" || path == "/healthz" || path.hasPrefix("/assets/") || path.hasPrefix("/api/")
        // Public pages need no session: skip the cookie parse and the store on the hot path.
        let needsSession = !isPublic || path.hasPrefix("/api/") || path == "/login" || path == "/logout"
        if needsSession, let id = request.cookies[Self.cookie]?.value {
            context.session = sessions.session(id)
        }
        if context.session == nil, !isPublic, !open {
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
