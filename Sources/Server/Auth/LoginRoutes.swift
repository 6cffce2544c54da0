import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix
import SiteMetrics

/// GET /login, POST /login (form-encoded `user`, `password`), POST /logout.
struct LoginRoutes: Sendable {
    let users: UserStore
    let sessions: SessionStore
    let throttle: LoginThrottle
    let devices: DeviceCookies
    let secureCookies: Bool
    let metrics: SiteMetrics

    func add(to router: Router<AppRequestContext>) {
        router.get("/login") { _, context in
            Self.page(message: context.session == nil ? nil : "You are logged in.", status: .ok)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in
            if let id = request.cookies[AccessPolicy.cookie]?.value { sessions.remove(id) }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(cookie(value: "", maxAge: 0))
            return response
        }
    }

    private func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            return Self.page(message: "Send the login form.", status: .unsupportedMediaType)
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = Self.parseForm(String(buffer: body))
        let user = form["user"] ?? ""
        let password = form["password"] ?? ""
        let address = context.clientAddress
        let device = devices.device(in: request.cookies[DeviceCookies.name]?.value, user: user)
        if let wait = await throttle.retryAfter(user: user, address: address, device: device) {
            var response = Self.page(
                message: "Too many failed logins. Try again in \(wait / 60 + 1) minutes.", status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            metrics.login(.throttled)
            return response
        }
        let users = self.users
        let valid = try await BlockingPools.shared.passwords.runIfActive {
            users.verify(user: user, password: password)
        }
        guard valid else {
            await throttle.recordFailure(user: user, address: address, device: device)
            metrics.login(.failure)
            context.logger.notice(
                "failed login", metadata: ["user": "\(user.prefix(64))", "address": "\(context.clientAddress)"])
            return Self.page(message: "Wrong user name or password.", status: .unauthorized)
        }
        await throttle.recordSuccess(user: user, address: address, device: device)
        metrics.login(.success)
        if let old = request.cookies[AccessPolicy.cookie]?.value { sessions.remove(old) }
        let session = sessions.create(user: user)
        context.logger.info("login", metadata: ["user": "\(user)"])
        var response = Response(status: .seeOther, headers: [.location: "/index.html"])
        response.setCookie(cookie(value: session.id, maxAge: Int(SessionStore.lifetime)))
        response.setCookie(
            Cookie(
                name: DeviceCookies.name, value: devices.issue(user: user), maxAge: DeviceCookies.lifetime,
                path: "/login",
                secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: AccessPolicy.cookie, value: value, maxAge: maxAge, path: "/", secure: secureCookies,
            httpOnly: true,
            sameSite: .strict)
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = parts.first { fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    static func page(message: String?, status: HTTPResponse.Status) -> Response {
        let note = message.map { "<p class=\"note\" role=\"alert\">\(escape($0))</p>" } ?? ""
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Log in · telemetry-site</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/style.css"></head>
            <body><main id="main" class="login"><h1>Log in</h1>\(note)
            <form method="post" action="/login">
            <label for="user">User</label><input id="user" name="user" autocomplete="username" required autofocus>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <p><button type="submit">Log in</button></p>
            </form></main></body></html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: .init(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
