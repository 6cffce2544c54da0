import Logging
import Testing

@testable import TelemetrySiteCLI

@Suite struct LogLineTests {
    /// A user name with a newline once forged a whole log line; escape sequences moved the
    /// terminal's cursor, a bidi override flipped what followed.
    @Test func logLinesEscapeControlCharacters() {
        let forged = "alice\n2026-01-01T00:00:00+0000 info telemetry-site: login user=root\u{1b}[2J\u{202e}"
        let event = LogEvent(
            level: .notice, message: "failed login \(forged)", metadata: ["user": "\(forged)"], source: "Server",
            file: #fileID, function: #function, line: #line)
        let line = TextLogHandler(label: "telemetry-site").line(event, time: "T")
        #expect(line.hasSuffix("\n"))
        #expect(!line.dropLast().contains("\n"))
        #expect(!line.contains("\u{1b}") && !line.contains("\u{202e}"))
        #expect(line.contains("user=alice\\u{a}2026"))
        #expect(line.contains("failed login alice\\u{a}2026"))
    }
}
