import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@testable import Telemetry

@Suite struct BackfillEndpointTests {
    static let path = "/api/automated-signals/telemetry/backfill"

    @Test func badRequestsGetTheirStatusCodes() async throws {
        let fixture = try ServerFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: Self.path, method: .post) { #expect($0.status == .unauthorized) }
            let (cookie, csrf) = try await client.login()
            let json: HTTPFields = [.cookie: cookie, .contentType: "application/json", .xCSRFTokenForTests: csrf]
            try await client.execute(uri: Self.path, method: .post, headers: [.cookie: cookie]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: Self.path, method: .post, headers: [.cookie: cookie, .xCSRFTokenForTests: "forged"]
            ) {
                #expect($0.status == .forbidden)
            }
            let cases: [(String, String, HTTPResponse.Status)] = [
                ("text/plain", "limit=5", .unsupportedMediaType),
                ("application/json", "{not json", .badRequest),
                ("application/json", "{\"limit\": \"abc\"}", .badRequest),
                ("application/json", "{\"limit\": 1.5}", .badRequest),
                ("application/json", "{\"limit\": true}", .badRequest),
                ("application/json", "[5]", .badRequest),
                (
                    "application/json", "{\"limit\": 1, \"pad\": \"\(String(repeating: "x", count: 17_000))\"}",
                    .contentTooLarge
                ),
            ]
            for (type, body, status) in cases {
                var headers = json
                headers[.contentType] = type
                try await client.execute(
                    uri: Self.path, method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == status, "\(type) \(body.prefix(40))")
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
            for method in [HTTPRequest.Method.get, .put, .delete] {
                try await client.execute(uri: Self.path, method: method, headers: json) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "POST")
                }
            }
            #expect(try BackfillHarness(fixture.site.database).backfilledCount() == 0)
        }
    }

    @Test func aBackfillAnswersItsCountsAndTheSiteShowsTheNewRows() async throws {
        let fixture = try ServerFixture()
        let eligible = try fixture.site.database.count(BackfillOracle.eligibleSQL)
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await client.login()
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { response in
                #expect(!String(buffer: response.body).contains("<dt>Backfilled</dt><dd>\(eligible)</dd>"))
            }
            try await client.execute(
                uri: Self.path, method: .post,
                headers: [.cookie: cookie, .contentType: "application/json", .xCSRFTokenForTests: csrf],
                body: ByteBuffer(string: "{\"limit\": 1000000}")
            ) { response in
                #expect(response.status == .ok)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(object["success"] as? Bool == true)
                #expect(object["inserted"] as? Int == eligible)
                #expect(object["limit"] as? Int == 5000)
                #expect(object["site_rebuilt"] as? Bool == true)
                for key in ["error", "scanned", "skipped", "failed", "run_id"] { #expect(object[key] != nil, "\(key)") }
            }
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("<dt>Backfilled</dt><dd>\(eligible)</dd>"))
            }
            let run = try #require(try RunStore(stateDirectory: fixture.site.state).all().first)
            #expect(run.trigger == .http(user: "alice"))
            #expect(run.trigger.description == "http:alice")
        }
    }

    @Test func aRunningBackfillAnswers409() async throws {
        let fixture = try ServerFixture()
        let holder = try fixture.site.database.connect()
        #expect(try holder.tryAdvisoryLock(BackfillSQL.lockKey))
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await client.login()
            try await client.execute(
                uri: Self.path, method: .post, headers: [.cookie: cookie, .xCSRFTokenForTests: csrf]
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("a backfill is already running"))
            }
        }
    }

    @Test func aDatabaseFailureIs500AndTheServerKeepsServing() async throws {
        let fixture = try ServerFixture(databaseURL: "host=127.0.0.1 port=1 dbname=gone connect_timeout=2")
        try await fixture.application().test(.router) { client in
            let (cookie, csrf) = try await client.login()
            try await client.execute(
                uri: Self.path, method: .post, headers: [.cookie: cookie, .xCSRFTokenForTests: csrf]
            ) { response in
                #expect(response.status == .internalServerError)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(object["success"] as? Bool == false)
                // What failed, and not where: no host, port or database name in the answer.
                let error = try #require(object["error"] as? String)
                #expect(error.contains("connection to the database server failed"), "\(error)")
                for detail in ["127.0.0.1", "port 1", "gone"] { #expect(!error.contains(detail), "\(error)") }
            }
            // Health answers from the last background check: "unknown" until one has ended.
            var database = "unknown"
            for _ in 0..<100 where database == "unknown" {
                database = try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                    return (object as? [String: Any])?["database"] as? String ?? ""
                }
                if database == "unknown" { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(database == "unreachable")
            try await client.execute(uri: "/index.html", method: .get, headers: [.cookie: cookie]) {
                #expect($0.status == .ok)
            }
        }
    }
}

extension HTTPField.Name {
    static let xCSRFTokenForTests = HTTPField.Name("X-CSRF-Token")!
}
