import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// One client holding idle sockets shuts out only itself, and a flood of refusals is logged a
/// line a second with its count.
@Suite struct PerClientConnectionTests {
    @Test func oneClientsSocketsDoNotShutOthersOutAndRefusalsAreLoggedOnceASecond() async throws {
        let fixture = try ServerFixture(public: true)
        let logs = CapturedLogs()
        // Timeouts far beyond the test's length: under ThreadSanitizer the 150 refusals took over
        // a minute, the held sockets idled out, and later connections got in (a CI failure).
        let limits = ConnectionLimits(
            headerTimeout: .seconds(3600), idleTimeout: .seconds(3600), bodyTimeout: .seconds(3600),
            maxConnections: 40, maxPerClient: 4)
        try await fixture.servedApplication(limits: limits, logger: logs.logger).testLive { client in
            let port = try #require(client.port)
            try await offThePool {
                // 127.0.0.3 holds its four (each answered once, so the server has counted it).
                let held = try (0..<4).map { _ in try RawHTTP(port: port, receiveTimeout: 120, source: "127.0.0.3") }
                for connection in held {
                    connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    #expect(connection.read(until: "\"status\"").contains("200 OK"))
                }
                let started = Date()
                for _ in 0..<150 {
                    let extra = try RawHTTP(port: port, receiveTimeout: 120, source: "127.0.0.3")
                    extra.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    let answer = extra.readToClose()
                    #expect(answer.closed && answer.text.isEmpty, "\(answer.text.prefix(80))")
                }
                let seconds = Date().timeIntervalSince(started)
                // Another client still gets in.
                let other = try RawHTTP(port: port, source: "127.0.0.4")
                other.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                #expect(other.readToClose().text.hasPrefix("HTTP/1.1 200"))
                let lines = logs.all.filter { $0.contains("connections refused") }
                #expect(!lines.isEmpty && lines.count <= Int(seconds) + 1, "\(lines.count) lines in \(seconds) s")
                #expect(
                    lines.first?.contains("refused: 1") == true || lines.first?.contains("\"refused\": 1") == true,
                    "\(lines)")
                #expect(lines.allSatisfy { $0.contains("one client") })
                _ = held
            }
        }
    }

    @Test func clientsAreAddressesOrIPv6Networks() {
        #expect(ClientKey.of(try? SocketAddress(ipAddress: "203.0.113.9", port: 1)) == "203.0.113.9")
        let a = ClientKey.of(try? SocketAddress(ipAddress: "2001:db8:1:2:aaaa::1", port: 1))
        let b = ClientKey.of(try? SocketAddress(ipAddress: "2001:db8:1:2:ffff:1:2:3", port: 1))
        #expect(a == b && a == "2001:db8:1:2::/64")
        #expect(ClientKey.of(try? SocketAddress(ipAddress: "2001:db8:1:3::1", port: 1)) != a)
        #expect(ClientKey.of(try? SocketAddress(ipAddress: "::ffff:198.51.100.7", port: 1)) == "198.51.100.7")
        #expect(ClientKey.expanded("::1") == ["0", "0", "0", "0", "0", "0", "0", "1"])
        #expect(ClientKey.expanded("1::2::3") == nil)
    }
}
