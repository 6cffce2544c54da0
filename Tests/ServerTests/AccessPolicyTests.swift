import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// One definition of who may see what: every file of a built site, every route and some
/// hostile paths, asked through the static fast path and through the router, with and without
/// a session, on a guarded and a public site, must get the same answer.
@Suite struct AccessPolicyTests {
    struct Answer: Equatable {
        var status: Int
        var location: String?
        var cacheControl: String?
    }

    @Test(arguments: [false, true]) func theFastPathAndTheRouterAnswerAlike(isPublic: Bool) async throws {
        let fixture = try ServerFixture(public: isPublic)
        try Data("secret".utf8).write(to: fixture.site.out.appendingPathComponent(".secret"))
        try Data("hidden".utf8).write(to: fixture.site.out.appendingPathComponent("assets/.hidden"))
        let files = try fixture.site.snapshot().keys.filter { !$0.hasPrefix(".") && !$0.contains("/.") }
        #expect(files.contains { $0.hasPrefix("assets/style.") && $0.split(separator: ".").count == 3 })
        let paths =
            files.sorted().map { "/" + $0 } + [
                "/", "/list/", "/login", "/healthz", "/api/session", "/.secret", "/assets/.hidden", "/.git/config",
                "/%2e%2e/etc/passwd", "/missing.html",
            ]
        try await fixture.servedApplication().testLive { client in
            let (cookie, _) = try await client.login()
            for session in [nil, cookie] {
                var headers: HTTPFields = [:]
                if let session { headers[.cookie] = session }
                for path in paths {
                    // A conditional request never takes the fast path; a plain one does once cached.
                    var conditional = headers
                    conditional[.ifNoneMatch] = "\"no-such-tag\""
                    let routed = try await client.execute(uri: path, method: .get, headers: conditional) {
                        Self.answer($0)
                    }
                    _ = try await client.execute(uri: path, method: .get, headers: headers) { $0 }
                    let fast = try await client.execute(uri: path, method: .get, headers: headers) { Self.answer($0) }
                    #expect(routed == fast, "\(path) with session \(session != nil)")
                    if path.contains("/.") { #expect(fast.status == 404 || fast.status == 303, "\(path): \(fast)") }
                    if session != nil && !isPublic && path.hasSuffix(".html") {
                        #expect(fast.cacheControl == "private, no-store", "\(path)")
                    }
                    if path.hasPrefix("/assets/") && fast.status == 200 {
                        // Pages link the fingerprinted names (a new content is a new name).
                        let fingerprinted = path.split(separator: ".").count == 3
                        #expect(
                            fast.cacheControl == (fingerprinted ? "public, max-age=31536000, immutable" : "no-cache"),
                            "\(path)")
                    }
                    if path == "/api/session" { #expect(fast.cacheControl == "private, no-store") }
                }
            }
            // The file behind a dot is never served, even to a logged-in user.
            let secret = try await client.execute(uri: "/.secret", method: .get, headers: [.cookie: cookie]) { $0 }
            #expect(secret.status == .notFound && !String(buffer: secret.body).contains("secret\n"))
        }
    }

    static func answer(_ response: TestResponse) -> Answer {
        Answer(
            status: response.status.code, location: response.headers[.location],
            cacheControl: response.headers[.cacheControl])
    }
}
