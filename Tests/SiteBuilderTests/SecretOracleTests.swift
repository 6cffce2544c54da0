import Foundation
import JSONKit
import Postgres
import Redaction
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// Yelp's detect-secrets, an outside detector, looks for the corpus' secrets (`Tests/e2e/
/// secret-shapes.json`: every plugin's shape and the probe's list) where a build, the state
/// folder, the run records and a publish target put what the rows carry. It must find them in
/// a dump of the rows, and none of them in anything we write.
@Suite struct SecretOracleTests {
    struct Shape: Decodable {
        var what: String
        var place: String
        var secret: String
        /// False for shapes detect-secrets has no plugin for (the test still requires that the
        /// secret's text is nowhere in what we write).
        var oracle: Bool?
    }

    struct Finding: Decodable, Hashable {
        var path: String
        var line: Int
        var type: String
        var hash: String
    }

    static let repository = SiteFixture.repository
    static let shapes: [Shape] = {
        let data = FileManager.default.contents(
            atPath: repository.appendingPathComponent("Tests/e2e/secret-shapes.json").path)
        return (try? JSONDecoder().decode([Shape].self, from: data ?? Data())) ?? []
    }()

    /// (raw_payload, validation_error, handler_result) holding `shape`'s secret in its place.
    static func row(_ number: Int, _ shape: Shape) throws -> (String, String?, String) {
        let kind = shape.place.split(separator: ":", maxSplits: 1).first.map(String.init) ?? shape.place
        let name = shape.place.dropFirst(kind.count + 1)
        let secret = shape.secret
        var raw: [(String, JSONValue)] = [
            ("trade_id", .string("T-S\(number)")), ("session", .string("London")), ("bias", .string("Bullish")),
            ("entry_price", .number("18500.25")),
        ]
        var error: String?
        var handler: JSONValue = .object([("status", .string("ok"))])
        switch kind {
        case "text": raw.append(("comment", .string("sent \(secret) ok")))
        case "array": raw.append(("list", .array([.string("x"), .string(secret)])))
        case "key": raw.append((String(name), .string(secret)))
        case "nested": raw.append(("outer", .object([("items", .array([.object([(String(name), .string(secret))])]))])))
        case "text-assign": raw.append(("comment", .string("\(name): \(secret)")))
        case "validation-error": error = "rejected: \(secret)"
        case "validation-error-assign": error = "rejected: \(name)=\(secret)"
        case "json-in-string":
            raw.append(("body", .string(JSONValue.object([(String(name), .string(secret))]).compact())))
        case "handler-result": handler = .object([("status", .string("error")), ("detail", .string(secret))])
        case "handler-key": handler = .object([("status", .string("ok")), (String(name), .string(secret))])
        case "trade-id": raw[0].1 = .string(secret)
        default: throw TestSupportError("unknown place \(shape.place) in secret-shapes.json")
        }
        return (JSONValue.object(raw).compact(), error, handler.compact())
    }

    static func scan(_ paths: [URL]) throws -> [Finding] {
        let script = repository.appendingPathComponent("Tests/e2e/secret_scan.py")
        let run = try ToolRun.run(program: "/usr/bin/env", ["python3", script.path] + paths.map(\.path))
        guard run.status == 0 else { throw TestSupportError("secret_scan.py failed: \(run.stderr)") }
        return try JSONDecoder().decode([Finding].self, from: Data(run.stdout.utf8))
    }

    /// The rows as `jsonb_pretty` prints them (one member per line, as a reviewer would dump
    /// them), and the line range of each row.
    static func dump(_ fixture: SiteFixture, to file: URL) throws -> [ClosedRange<Int>] {
        let rows = try fixture.database.connect().query(
            "SELECT jsonb_pretty(to_jsonb(t)) AS row FROM telemetry_automated_signals_log t ORDER BY id", [])
        var text = ""
        var ranges: [ClosedRange<Int>] = []
        var line = 1
        for row in rows.rows {
            let lines = (row["row"] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            ranges.append(line...(line + lines.count - 1))
            line += lines.count
            text += lines.joined(separator: "\n") + "\n"
        }
        try Data(text.utf8).write(to: file)
        return ranges
    }

    @Test func detectSecretsFindsTheCorpusInTheRowsAndNoneOfItInWhatWePublish() throws {
        #expect(Self.shapes.count >= 60)
        let fixture = try SiteFixture.empty()
        for (number, shape) in Self.shapes.enumerated() {
            let (raw, error, handler) = try Self.row(number + 1, shape)
            try fixture.insert(raw: raw, error: error, handler: handler)
        }
        var record = RunRecord(
            runID: "20261205-000000-aaaaaa", trigger: .commandLine, startedAt: Date(), finishedAt: Date(),
            options: BackfillOptions(), outcome: BackfillOutcome(), database: "test")
        record.failed = Self.shapes.enumerated().filter { $0.element.place == "validation-error" }.map {
            FailedRow(id: $0.offset + 1, error: "Failing row contains (\($0.offset + 1), \($0.element.secret))")
        }
        // Saved as a backfill job saves its record: its free text masked by the standard reporting.
        let reporting = RunReporting.markdown(
            redactor: try RedactionSetting.rules(file: nil).redactor(stateDirectory: fixture.state))
        try RunStore(stateDirectory: fixture.state).save(reporting.redact(record), summarize: reporting.summarize)

        // The oracle sees the secrets where they are stored.
        let dumpFile = fixture.folder.appendingPathComponent("rows.txt")
        let ranges = try Self.dump(fixture, to: dumpFile)
        let inRows = try Self.scan([dumpFile])
        var seen: Set<String> = []
        for (index, shape) in Self.shapes.enumerated() where shape.oracle ?? true {
            let found = inRows.filter { ranges[index].contains($0.line) }
            #expect(!found.isEmpty, "detect-secrets does not see \(shape.what) in the rows")
            seen.formUnion(found.map(\.hash))
        }

        // Build, publish to a folder, and scan everything we wrote.
        try fixture.build(full: true)
        let target = fixture.folder.appendingPathComponent("published")
        let publish = try ToolRun.run([
            "publish", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--to", target.path,
        ])
        #expect(publish.status == 0, "\(publish.stderr)")
        let written = [fixture.out, fixture.state, target]
        let leaks = try Self.scan(written).filter { seen.contains($0.hash) }
        #expect(
            leaks.isEmpty, "detect-secrets finds corpus secrets in \(leaks.map { "\($0.path):\($0.line) \($0.type)" })")

        // Every secret's text, detect-secrets' or not, is nowhere; the trading fields are.
        let files = try written.flatMap { try RedactionSiteTests.published($0) }
        #expect(files.count > 50)
        for shape in Self.shapes {
            let lines = shape.secret.components(separatedBy: "\n")
            let needle = lines.max { $0.count < $1.count } ?? shape.secret
            let secretPart = Self.secretPart(of: needle)
            let places = files.filter { $0.1.contains(secretPart) }.map(\.0)
            #expect(places.isEmpty, "\(shape.what) (\(secretPart)) is published in \(places.prefix(5))")
        }
        let page = try fixture.read("telemetry/1.html")
        for visible in ["London", "Bullish", "18500.25", "T-S1"] { #expect(page.contains(visible), "\(visible)") }
        #expect(try fixture.read("index.html").contains("redactions/index.html"))
    }

    /// The part of a corpus secret that must not show: the password of a URL, the credential
    /// after `Basic`, the value after `name=`; the whole text otherwise.
    static func secretPart(of secret: String) -> String {
        if let azure = secret.firstMatch(of: /AccountKey=([^;\s]+)/) { return String(azure.output.1) }
        if let url = secret.firstMatch(of: /:\/\/[^\s:@\/]*:([^\s\/]+)@/) { return String(url.output.1) }
        if let basic = secret.firstMatch(of: /Basic ([A-Za-z0-9+\/=]+)/) { return String(basic.output.1) }
        if let assignment = secret.firstMatch(of: /=\s*([^\s]+)$/) { return String(assignment.output.1) }
        return secret
    }
}
