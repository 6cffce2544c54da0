import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Server

/// The access log: one line per request with what an operator greps for, query values masked,
/// and a flood summarised instead of written line by line.
@Suite struct AccessLogTests {
    @Test func everyAnswerHasItsLineWithStatusBytesDurationAndClient() async throws {
        let fixture = try ServerFixture(public: true, trades: 2)
        let logs = CapturedLogs()
        try await fixture.servedApplication(logger: logs.logger).testLive { client in
            for uri in ["/index.html", "/index.html", "/search.html?q=tok_live_51Habc&day=2025-01-01", "/nope"] {
                _ = try await client.execute(uri: uri, method: .get) { $0.status }
            }
        }
        let lines = logs.all.filter { $0.hasPrefix("info request ") }
        #expect(lines.count == 4, "\(logs.all)")
        #expect(lines.allSatisfy { $0.contains("\"client\": 127.0.0.1") && $0.contains("\"ms\": ") }, "\(lines)")
        #expect(lines.filter { $0.contains("\"path\": /index.html") && $0.contains("\"status\": 200") }.count == 2)
        let search = try #require(lines.first { $0.contains("/search.html") })
        #expect(search.contains("\"path\": /search.html?q=*&day=*"), "\(search)")
        #expect(!logs.all.joined().contains("tok_live_51Habc"))
        let missing = try #require(lines.first { $0.contains("/nope") })
        #expect(missing.contains("\"status\": 404"))
        let index = try #require(lines.first { $0.contains("/index.html") })
        let bytes = try #require(index.firstMatch(of: /"bytes": ([0-9]+)/)?.output.1)
        #expect(Int(bytes) == (try Data(contentsOf: fixture.options.site.appendingPathComponent("index.html")).count))
    }

    @Test func aFloodIsSummarisedNotWrittenLineByLine() throws {
        let logs = CapturedLogs()
        let log = AccessLog(logger: logs.logger)
        let second = NIODeadline.uptimeNanoseconds(7_000_000_000)
        for index in 0..<(AccessLog.linesPerSecond + 50) {
            log.record(
                method: "GET", target: "/x", status: index % 2 == 0 ? 200 : 404, bytes: 1, duration: .microseconds(9),
                client: "127.0.0.1", now: second)
        }
        #expect(logs.all.count == AccessLog.linesPerSecond)
        log.record(
            method: "GET", target: "/y", status: 200, bytes: 1, duration: .zero, client: "127.0.0.1",
            now: second + .seconds(1))
        let summary = try #require(logs.all.first { $0.contains("not logged") })
        #expect(summary.contains("\"not_logged\": 50"), "\(logs.all.suffix(2))")
        #expect(summary.contains("\"status_2xx\": 25") && summary.contains("\"status_4xx\": 25"))
        #expect(logs.all.count == AccessLog.linesPerSecond + 2)
        #expect(logs.all.last?.contains("\"path\": /y") == true)
    }

    @Test func pathsAreMaskedAndBounded() {
        #expect(AccessLog.masked("/a?token=abc&x") == "/a?token=*&x=*")
        #expect(AccessLog.masked("/a\u{1B}[31m\nb") == "/a?[31m?b")
        let long = AccessLog.masked("/" + String(repeating: "p", count: 2_000))
        #expect(long.count == AccessLog.pathLimit + 1 && long.hasSuffix("…"))
    }
}
