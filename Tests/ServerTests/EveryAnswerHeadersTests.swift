import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Server

/// Every answer the server writes carries the security headers and a `Cache-Control`: routed
/// pages, methods a route does not take, the parser's own 400, the body limit's 413 and the
/// static fast path alike, each read off the wire.
@Suite struct EveryAnswerHeadersTests {
    /// The header block of a raw answer, names lowercased.
    static func headers(_ answer: String) -> [String: String] {
        let head = answer.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let fixture = try ServerFixture(public: false)
        try await fixture.servedApplication().testLive { client in
            let port = try #require(client.port)
            let (cookie, csrf) = try await client.login()
            let requests: [(String, String)] = [
                ("HEAD /login", "HEAD /login HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                ("DELETE /login", "DELETE /login HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                ("HEAD /healthz", "HEAD /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                ("DELETE /healthz", "DELETE /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                ("HEAD /api/session", "HEAD /api/session HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                ("DELETE /api/session", "DELETE /api/session HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                (
                    "PUT /index.html",
                    "PUT /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
                ("a request line the parser refuses", "GARBAGE\r\n\r\n"),
                ("a header the parser refuses", "GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"),
                ("no Host", "GET /healthz HTTP/1.1\r\n\r\n"),
                (
                    "413",
                    "POST /api/automated-signals/telemetry/backfill HTTP/1.1\r\nHost: a\r\nCookie: \(cookie)\r\n"
                        + "X-CSRF-Token: \(csrf)\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n"
                        + String(repeating: " ", count: 20_000)
                ),
                ("the login page", "GET /login HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
                (
                    "a static page, logged in",
                    "GET /index.html HTTP/1.1\r\nHost: a\r\nCookie: \(cookie)\r\nConnection: close\r\n\r\n"
                ),
            ]
            try await offThePool {
                for (what, request) in requests {
                    let connection = try RawHTTP(port: port)
                    connection.send(request)
                    let answer = connection.readToClose().text
                    let fields = Self.headers(answer)
                    #expect(answer.hasPrefix("HTTP/1.1 "), "\(what): \(answer.prefix(80))")
                    #expect(
                        fields["content-security-policy"]?.contains("default-src 'none'") == true, "\(what): \(fields)")
                    #expect(fields["x-content-type-options"] == "nosniff", "\(what): \(fields)")
                    #expect(fields["x-frame-options"] == "DENY", "\(what)")
                    #expect(fields["cache-control"] != nil, "\(what): \(fields)")
                }
            }
        }
    }
}
