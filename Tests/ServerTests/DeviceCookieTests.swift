import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Server

/// OWASP's device cookies against a targeted lockout: an attacker with many addresses locks
/// out a user's unknown clients, never the browser the user has logged in with.
@Suite struct DeviceCookieTests {
    static func login(
        _ client: some TestClientProtocol, password: String, from address: String, device: String? = nil
    ) async throws -> (HTTPResponse.Status, String?) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[HTTPField.Name("X-Forwarded-For")!] = address
        if let device { headers[.cookie] = "\(DeviceCookies.name)=\(device)" }
        return try await client.execute(
            uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: "user=alice&password=\(password)")
        ) { response in
            let cookies = response.headers[values: .setCookie]
            let device = cookies.first { $0.hasPrefix(DeviceCookies.name + "=") }
                .map { String($0.dropFirst(DeviceCookies.name.count + 1).prefix { $0 != ";" }) }
            return (response.status, device)
        }
    }

    @Test func aKnownBrowserGetsInWhileUnknownClientsOfItsUserAreLockedOut() async throws {
        var fixture = try ServerFixture(public: true)
        fixture.options.trustedProxies = TrustedProxies([try #require(.init("127.0.0.0/8"))])
        // Cost 4, so a hundred wrong guesses take milliseconds (a success would upgrade it: the
        // device cookie alice's browser holds is made with the server's key instead).
        try UserStore.set(user: "alice", password: ServerFixture.password, in: fixture.options.users, cost: 4)
        let cookie = try DeviceCookies.load(stateDirectory: fixture.options.stateDirectory).issue(user: "alice")
        try await fixture.servedApplication().testLive { client in
            // The attack: 21 addresses, 5 wrong passwords each, against alice.
            for attacker in 0..<21 {
                for _ in 0..<LoginThrottle.pairLimit {
                    _ = try await Self.login(client, password: "guess", from: "203.0.113.\(attacker)")
                }
            }
            let unknown = try await Self.login(client, password: "correct+horse", from: "192.0.2.50")
            #expect(unknown.0 == .tooManyRequests, "an unknown client of alice is locked out")
            let known = try await Self.login(client, password: "correct+horse", from: "192.0.2.51", device: cookie)
            #expect(known.0 == .seeOther, "alice's own browser gets in")
            let forged = try await Self.login(
                client, password: "correct+horse", from: "192.0.2.52", device: cookie.dropLast(2) + "00")
            #expect(forged.0 == .tooManyRequests, "a forged device cookie is an unknown client")

            // The device's own budget: five wrong passwords lock that browser, not others.
            let fresh = try #require(known.1)
            for _ in 0..<LoginThrottle.deviceLimit {
                #expect(
                    try await Self.login(client, password: "typo", from: "192.0.2.51", device: fresh).0 == .unauthorized
                )
            }
            let locked = try await Self.login(client, password: "correct+horse", from: "192.0.2.51", device: fresh)
            #expect(locked.0 == .tooManyRequests)
        }
    }

    @Test func cookiesAreSignedPerUserAndExpire() throws {
        let devices = DeviceCookies(key: Array(repeating: 3, count: 32))
        let now = Date()
        let value = devices.issue(user: "alice", now: now)
        #expect(devices.device(in: value, user: "alice", now: now) != nil)
        #expect(devices.device(in: value, user: "bob", now: now) == nil)
        #expect(devices.device(in: value, user: "alice", now: now.addingTimeInterval(366 * 24 * 3600)) == nil)
        #expect(DeviceCookies(key: Array(repeating: 4, count: 32)).device(in: value, user: "alice", now: now) == nil)
        #expect(devices.device(in: String(repeating: "a", count: 600), user: "alice") == nil)
    }
}
