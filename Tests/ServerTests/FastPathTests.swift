import Dispatch
import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The static fast path in front of the router, on a live server: a cached file answered from
/// the pipeline must look exactly like the router's answer, keep the guard, and keep answers
/// in request order on a connection.
@Suite struct FastPathTests {
    /// Headers that may differ between two answers of the same file.
    static func comparable(_ fields: HTTPFields) -> [String: String] {
        var out: [String: String] = [:]
        for field in fields where field.name != .date && field.name != .connection {
            out[field.name.canonicalName] = field.value
        }
        return out
    }

    @Test func aCachedFileIsAnsweredLikeTheRouterAnswersIt() async throws {
        let fixture = try ServerFixture(public: true)
        try await fixture.servedApplication().testLive { client in
            // The first request loads the file through the router; the second finds it cached.
            for path in ["/index.html", "/telemetry/1.html", "/assets/style.css", "/list/"] {
                let first = try await client.execute(uri: path, method: .get) { $0 }
                let second = try await client.execute(uri: path, method: .get) { $0 }
                #expect(first.status == .ok && second.status == .ok, "\(path)")
                #expect(first.body == second.body, "\(path)")
                #expect(Self.comparable(first.headers) == Self.comparable(second.headers), "\(path)")
                #expect(second.headers[.date] != nil && second.headers[.server] == "telemetry-site")
                #expect(second.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                let head = try await client.execute(uri: path, method: .head) { $0 }
                #expect(head.body.readableBytes == 0)
                #expect(head.headers[.contentLength] == second.headers[.contentLength])
                let etag = second.headers[.eTag] ?? ""
                let conditional = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]) {
                    $0
                }
                #expect(conditional.status == .notModified, "\(path)")
            }
        }
    }

    @Test func theGuardHoldsForCachedFiles() async throws {
        let fixture = try ServerFixture(public: false)
        try await fixture.servedApplication().testLive { client in
            let (cookie, _) = try await client.login()
            for _ in 0..<2 {
                let page = try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { $0 }
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("Automated signals telemetry"))
            }
            let stranger = try await client.execute(uri: "/index.html", method: .get) { $0 }
            #expect(stranger.status == .seeOther)
            #expect(stranger.headers[.location] == "/login")
            let forged = try await client.execute(
                uri: "/index.html", method: .get, headers: [.cookie: "ts_session=\(String(repeating: "0", count: 64))"]
            ) { $0 }
            #expect(forged.status == .seeOther)
            try await client.execute(uri: "/logout", method: .post, headers: [.cookie: cookie]) { _ in }
            let loggedOut = try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) {
                $0
            }
            #expect(loggedOut.status == .seeOther)
        }
    }

    @Test(arguments: [["/api/session", "/index.html", "/healthz"], ["/index.html", "/api/session", "/healthz"]])
    func pipelinedAnswersKeepTheirOrder(paths: [String]) async throws {
        let fixture = try ServerFixture(public: true)
        try await fixture.servedApplication().testLive { client in
            _ = try await client.execute(uri: "/index.html", method: .get) { $0 }  // cache it
            let port = try #require(client.port)
            let requests = paths.enumerated().map { index, path in
                "GET \(path) HTTP/1.1\r\nHost: localhost\r\n"
                    + (index == paths.count - 1 ? "Connection: close\r\n" : "")
                    + "\r\n"
            }.joined()
            // Blocking socket calls stay off the cooperative pool, which the server's routes need.
            let answer = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try Self.exchange(port: port, requests) })
                }
            }
            let types = answer.components(separatedBy: "\r\n").filter { $0.lowercased().hasPrefix("content-type:") }
            let expected = paths.map { $0 == "/index.html" ? "text/html" : "application/json" }
            #expect(types.count == 3, "\(answer.prefix(2000))")
            for (type, want) in zip(types, expected) { #expect(type.contains(want), "\(types)") }
        }
    }

    /// Sends `text` on one connection and reads until the server closes it.
    static func exchange(port: Int, _ text: String) throws -> String {
        let connection = try RawHTTP(port: port, receiveTimeout: 60)
        connection.send(text)
        return connection.readToClose().text
    }
}
