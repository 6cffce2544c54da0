import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Server

/// Behind a reverse proxy every connection comes from the proxy: only a trusted proxy's
/// forwarding headers name the client, so one client's failures lock out only that client.
@Suite struct TrustedProxyTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func login(
        _ client: some TestClientProtocol, user: String, password: String, forwardedFor: String
    ) async throws -> HTTPResponse.Status {
        var headers = form
        headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor
        return try await client.execute(
            uri: "/login", method: .post, headers: headers,
            body: ByteBuffer(string: "user=\(user)&password=\(password)")
        ) { $0.status }
    }

    @Test func behindATrustedProxyOneAttackerLocksOutOnlyItself() async throws {
        var fixture = try ServerFixture(public: true)
        fixture.options.trustedProxies = TrustedProxies([try #require(.init("127.0.0.0/8"))])
        // Cost 4: the fifty wrong guesses (unknown names cost the file's highest) take milliseconds.
        try UserStore.set(user: "alice", password: ServerFixture.password, in: fixture.options.users, cost: 4)
        try await fixture.servedApplication().testLive { client in
            for index in 0..<(LoginThrottle.addressLimit + 5) {
                let status = try await Self.login(
                    client, user: "u\(index)", password: "nope", forwardedFor: "203.0.113.9, 127.0.0.1")
                #expect(status == .unauthorized || status == .tooManyRequests)
            }
            // The attacker's own address is now refused, whatever it claims to its left...
            let attacker = try await Self.login(
                client, user: "alice", password: "correct+horse", forwardedFor: "1.2.3.4, 203.0.113.9")
            #expect(attacker == .tooManyRequests)
            // ...while alice, from another address behind the same proxy, logs in.
            let alice = try await Self.login(
                client, user: "alice", password: "correct+horse", forwardedFor: "198.51.100.77")
            #expect(alice == .seeOther)
        }
    }

    @Test func fromAnUntrustedPeerTheHeadersAreIgnored() async throws {
        var fixture = try ServerFixture(public: true)
        fixture.options.trustedProxies = TrustedProxies([try #require(.init("10.0.0.0/8"))])
        // Cost 4: the fifty wrong guesses (unknown names cost the file's highest) take milliseconds.
        try UserStore.set(user: "alice", password: ServerFixture.password, in: fixture.options.users, cost: 4)
        try await fixture.servedApplication().testLive { client in
            for index in 0..<LoginThrottle.addressLimit {
                _ = try await Self.login(
                    client, user: "u\(index)", password: "nope", forwardedFor: "203.0.113.\(index)")
            }
            // Forged addresses did not spread the failures: the peer itself is refused.
            let forged = try await Self.login(
                client, user: "alice", password: "correct+horse", forwardedFor: "198.51.100.200")
            #expect(forged == .tooManyRequests)
        }
    }

    @Test func theClientIsTheRightmostUntrustedHop() throws {
        let proxies = TrustedProxies(
            ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"].compactMap(TrustedProxies.Network.init))
        func client(_ peer: String, _ name: String, _ value: String) -> String {
            proxies.client(peer: peer, headers: [HTTPField.Name(name)!: value])
        }
        #expect(client("10.1.1.1", "X-Forwarded-For", "1.1.1.1, 2.2.2.2, 10.9.9.9") == "2.2.2.2")
        #expect(client("10.1.1.1", "X-Forwarded-For", "10.2.2.2, 192.0.2.1") == "10.2.2.2")
        #expect(client("198.51.100.1", "X-Forwarded-For", "1.1.1.1") == "198.51.100.1")
        #expect(
            client("10.1.1.1", "Forwarded", #"for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https"#) == "1.1.1.1")
        #expect(client("2001:db8::5", "Forwarded", #"for="[2001:db9::1]:80""#) == "2001:db9::1")
        #expect(client("10.1.1.1", "X-Forwarded-For", "1.1.1.1, garbage") == "10.1.1.1")
        #expect(client("10.1.1.1", "X-Forwarded-For", "203.0.113.5:4711") == "203.0.113.5")
        #expect(TrustedProxies.Network("10.0.0.0/33") == nil && TrustedProxies.Network("nope") == nil)
        #expect(
            TrustedProxies.Network("::ffff:10.1.2.3").map { proxies.isTrusted("10.1.2.3") && $0.prefix == 32 } == true)
    }
}
