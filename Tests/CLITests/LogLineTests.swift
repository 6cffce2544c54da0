import Foundation
import Logging
import TestSupport
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
        let line = TextLine.line(event, label: "telemetry-site", fields: logFields([:], event), time: "T")
        #expect(line.hasSuffix("\n"))
        #expect(!line.dropLast().contains("\n"))
        #expect(!line.contains("\u{1b}") && !line.contains("\u{202e}"))
        #expect(line.contains("user=alice\\u{a}2026"))
        #expect(line.contains("failed login alice\\u{a}2026"))
    }

    /// The two formats once drifted: the JSON one dropped the error. Both write the same fields.
    @Test func bothFormatsWriteTheErrorAndEveryField() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the disk said no" } }
        let event = LogEvent(
            level: .error, message: "could not store the run record", error: Refused(), metadata: ["run_id": "r1"],
            source: "Telemetry", file: #fileID, function: #function, line: #line)
        let fields = logFields(["request": "7"], event)
        let text = TextLine.line(event, label: "t", fields: fields, time: "T")
        let json = JSONLine.line(event, label: "t", fields: fields, time: "T")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        for (key, value) in ["error.message": "the disk said no", "run_id": "r1", "request": "7"] {
            #expect(object[key] == value)
            #expect(text.contains("\(key)=\(value)"))
        }
        #expect(object["message"] == "could not store the run record")
    }
}
