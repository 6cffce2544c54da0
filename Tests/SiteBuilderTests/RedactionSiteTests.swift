import Foundation
import Redaction
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// Secrets in the telemetry never reach a published byte: rows carry them in every column and
/// shape, a run record quotes one, and after a build no file under the site (HTML, Markdown,
/// JSON, anything) nor the state folder's run records holds any of them, even unescaped.
@Suite struct RedactionSiteTests {
    /// (secret, raw_payload, handler_result, validation_error)
    static let rows: [(String, String, String?, String?)] = [
        (
            "hunter2-tv-alert", #"{"trade_id": "T-A", "event_type": "ENTRY", "passphrase": "hunter2-tv-alert"}"#, nil,
            nil
        ),
        ("tok_9f8e7d6c5b4a", #"{"trade_id": "T-A", "event_type": "EXIT_SL", "Token": "tok_9f8e7d6c5b4a"}"#, nil, nil),
        ("xak-00112233", #"{"trade_id": "T-B", "headers": {"X-Api-Key": "xak-00112233"}}"#, nil, nil),
        ("nested-inner-secret", #"{"trade_id": "T-B", "body": "{\"api_key\": \"nested-inner-secret\"}"}"#, nil, nil),
        ("AKIAIOSFODNN7EXAMPLE", #"{"trade_id": "T-C"}"#, #"{"status": "ok", "echo": "AKIAIOSFODNN7EXAMPLE"}"#, nil),
        (
            "hr-bearer-secret-0001", #"{"trade_id": "T-C"}"#,
            #"{"upstream": {"authorization": "Bearer hr-bearer-secret-0001"}}"#, nil
        ),
        ("ve-secret-token-77", #"{"trade_id": "T-D"}"#, nil, "auth failed for token=ve-secret-token-77"),
        ("4111 1111 1111 1111", #"{"trade_id": "T-D"}"#, nil, "card 4111 1111 1111 1111 declined"),
        (
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            #"{"trade_id": "T-E", "billing": ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]}"#, nil, nil
        ),
        (
            "xoxb-1234567890-abcdefghijKLMN", #"{"trade_id": "T-E", "notify": "xoxb-1234567890-abcdefghijKLMN"}"#, nil,
            nil
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            #"{"trade_id": "T-F", "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}"#,
            nil, nil
        ),
        ("P@ssw0rd!2026", #"{"trade_id": "T-F", "login": [{"password": "P@ssw0rd!2026"}]}"#, nil, nil),
    ]
    /// Quoted by a stored run record's failed row, as PostgreSQL quotes a failing row.
    static let runSecret = "run-record-passphrase-42"

    static func fixture() throws -> SiteFixture {
        let fixture = try SiteFixture.empty()
        for (_, raw, handler, error) in rows {
            try fixture.insert(raw: raw, error: error, handler: handler ?? #"{"status": "ok"}"#)
        }
        // Only the secret changes between raw_payload and fused_event: the diff must still say so.
        try fixture.insert(
            raw: #"{"trade_id": "T-G", "session": "London", "token": "before-secret-aaa"}"#,
            fused: #"{"trade_id": "T-G", "session": "London", "token": "after-secret-bbb"}"#)
        var record = RunRecord(
            runID: "20261201-000000-aaaaaa", trigger: .commandLine, startedAt: Date(), finishedAt: Date(),
            options: BackfillOptions(), outcome: BackfillOutcome(), database: "test")
        record.failed = [FailedRow(id: 7, error: "Failing row contains (7, {\"passphrase\": \"\(runSecret)\"})")]
        try RunStore(stateDirectory: fixture.state).save(record, summarize: RunSummary.summarizer)
        return fixture
    }

    /// Every file's text under `folder`, with Markdown backslashes dropped and HTML entities
    /// decoded, so an escaped leak is found too.
    static func published(_ folder: URL) throws -> [(String, String)] {
        var out: [(String, String)] = []
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let path = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            var text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\", with: "")
            for (entity, character) in [
                ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"),
            ] {
                text = text.replacingOccurrences(of: entity, with: character)
            }
            out.append((path, text.replacingOccurrences(of: "&amp;", with: "&")))
        }
        return out
    }

    @Test func noSecretReachesTheSiteOrTheRunRecordsAndTheAuditPageCountsThem() throws {
        let fixture = try Self.fixture()
        try fixture.build(full: true)
        let files = try Self.published(fixture.out) + Self.published(fixture.state.appendingPathComponent("site"))
        #expect(files.count > 20)
        for secret in Self.rows.map(\.0) + [Self.runSecret, "before-secret-aaa", "after-secret-bbb"] {
            let leaks = files.filter { $0.1.contains(secret) }.map(\.0)
            #expect(leaks.isEmpty, "\(secret) leaked into \(leaks)")
        }
        let audit = try fixture.read("redactions/index.html")
        #expect(audit.contains("<code>passphrase</code>") && audit.contains("<code>card-number</code>"))
        #expect(audit.contains("masked in \(Self.rows.count + 1) of \(Self.rows.count + 1) rows"))
        #expect(try fixture.read("redactions/index.md").contains("| jwt | 1 | 1 |"))
        #expect(try fixture.read("index.html").contains("redactions/index.html"))
        // The trading fields stay.
        #expect(try fixture.read("trades/\(FileNames.trade("T-G")).html").contains("T-G"))
    }

    @Test func theDiffStillShowsThatOnlyASecretChanged() throws {
        let fixture = try Self.fixture()
        try fixture.build(full: true)
        let id = Self.rows.count + 1
        let page = try fixture.read("telemetry/\(id).html")
        let diff = try #require(page.range(of: "<table class=\"diff\">").map { String(page[$0.lowerBound...]) })
        let markers = diff.matches(of: /\[redacted:token:[0-9a-f]{8}\]/).map { String($0.output) }
        #expect(markers.count == 2 && markers[0] != markers[1], "before and after markers: \(markers)")
        #expect(page.contains("London"))
    }

    @Test func withRedactionOffTheSecretsShowAndEveryPageSaysSo() throws {
        let fixture = try Self.fixture()
        var options = fixture.options(full: true)
        options.redaction = .off
        try fixture.build(options, full: true)
        let files = try Self.published(fixture.out)
        #expect(files.contains { $0.1.contains("hunter2-tv-alert") }, "the test would see a leak")
        for (path, text) in files where path.hasSuffix(".html") && !path.hasPrefix("assets") {
            #expect(text.contains("Redaction is off"), "\(path) has no banner")
        }
        for (path, text) in files where path.hasSuffix(".md") && !path.hasPrefix("runs/") {
            #expect(text.hasPrefix("> **Redaction is off**"), "\(path) has no banner")
        }
    }

    @Test func aChangedRuleSetMeansAFullBuild() throws {
        let fixture = try Self.fixture()
        try fixture.build()
        let rules = fixture.folder.appendingPathComponent("rules.json")
        try Data(#"{"keys": ["session"]}"#.utf8).write(to: rules)
        var options = fixture.options()
        options.redaction = .rules(file: rules)
        let report = try fixture.build(options)
        #expect(report.mode == .full)
        #expect(!(try fixture.read("trades/\(FileNames.trade("T-G")).html").contains("London")))
        #expect(!(try fixture.read("telemetry/\(Self.rows.count + 1).html").contains("London")))
    }
}
