import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite struct LoginTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func strangersAreSentToTheLoginPageAndAPICallsGet401() async throws {
        let fixture = try ServerFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/index.html", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<form method=\"post\" action=\"/login\">"))
            }
            try await client.execute(uri: "/assets/style.css", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/session", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func aGoodLoginGivesAStrictHttpOnlySessionThatLogoutEnds() async throws {
        let fixture = try ServerFixture(secureCookies: true)
        try await fixture.application().test(.router) { client in
            let header = try await client.execute(
                uri: "/login", method: .post, headers: Self.form,
                body: ByteBuffer(string: "user=alice&password=correct+horse")
            ) { response -> String in
                #expect(response.status == .seeOther)
                return response.headers[.setCookie] ?? ""
            }
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Strict"))
            #expect(header.contains("Secure"))
            #expect(header.contains("Max-Age=43200"))
            let cookie = String(header.split(separator: ";")[0])
            #expect(cookie.count == "ts_session=".count + 64)
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
            let (second, _) = try await client.login()
            #expect(second != cookie, "the session id is rotated at login")
            try await client.execute(uri: "/logout", method: .post, headers: [.cookie: cookie]) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func anUnknownUserAndAWrongPasswordGetTheSameAnswer() async throws {
        let fixture = try ServerFixture()
        try await fixture.application().test(.router) { client in
            var bodies: [String] = []
            for body in ["user=alice&password=wrong", "user=mallory&password=wrong"] {
                try await client.execute(
                    uri: "/login", method: .post, headers: Self.form, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.setCookie] == nil)
                    bodies.append(String(buffer: response.body))
                }
            }
            #expect(bodies[0] == bodies[1])
        }
    }

    @Test func fiveFailuresThrottleTheUserWith429AndRetryAfter() async throws {
        let fixture = try ServerFixture()
        try await fixture.application().test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(
                    uri: "/login", method: .post, headers: Self.form,
                    body: ByteBuffer(string: "user=alice&password=nope")
                ) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await client.execute(
                uri: "/login", method: .post, headers: Self.form,
                body: ByteBuffer(string: "user=alice&password=correct+horse")
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }
}
