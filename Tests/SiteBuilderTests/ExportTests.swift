import Crypto
import Foundation
import JSONKit
import Postgres
import SiteOutput
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// `exports/`: a day's NDJSON and CSV read by DuckDB give PostgreSQL's rows, digits exact; an
/// incremental build rewrites only the days its rows touch and writes what a full build writes.
@Suite struct ExportTests {
    static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/duckdb_read.py")

    /// Rows whose text breaks naive CSV and JSON, and numbers a double would change.
    static func awkwardSite() throws -> SiteFixture {
        let fixture = try SiteFixture.empty()
        let rows: [(String?, String?, String?, String?, Int?)] = [
            (
                "2025-10-01 09:30:00.123456",
                #"{"p": 18500.250, "big": 123456789012345678901234567890.125, "tiny": 1E-7}"#,
                "a, \"quoted\" error\r\nnext line", #"{"ok": true}"#, 12
            ),
            ("2025-10-01 23:59:59.999999", #"{"note": "comma, quote \" and\nnewline", "n": -0.0}"#, "", nil, nil),
            ("2025-10-02 00:00:00", #"["array", 1.10, {"k": null}]"#, nil, #""just a string""#, 0),
            (nil, #"{"undated": 1.000}"#, "ünïcödé ✓ 🚀 \u{202E}rtl", "null", 7),
        ]
        for (received, raw, error, handler, ms) in rows {
            try fixture.insert(received: received, raw: raw, error: error, handler: handler, ms: ms)
        }
        return fixture
    }

    static func postgresRows(_ fixture: SiteFixture, where condition: String) throws -> [[String?]] {
        try fixture.database.connect().query(
            """
            SELECT id::text, received_at::text AS r, raw_payload::text AS p, fused_event::text AS f, validation_error AS e,
                   handler_result::text AS h, processing_time_ms::text AS m
              FROM telemetry_automated_signals_log WHERE \(condition) ORDER BY id
            """
        ).rows.map { row in ["id", "r", "p", "f", "e", "h", "m"].map { row[$0] } }
    }

    @Test func duckDBReadsEachDayAsPostgreSQLHasIt() throws {
        let fixture = try Self.awkwardSite()
        try fixture.build()
        let days: [(String, String)] = [
            ("2025-10-01", "received_at::date = '2025-10-01'"), ("2025-10-02", "received_at::date = '2025-10-02'"),
            ("undated", "received_at IS NULL"),
        ]
        for (day, condition) in days {
            let folder = fixture.out.appendingPathComponent("exports")
            let run = try ToolRun.run(
                program: "/usr/bin/env",
                [
                    "python3", Self.script.path, folder.appendingPathComponent("\(day).ndjson").path,
                    folder.appendingPathComponent("\(day).csv").path,
                ])
            #expect(run.status == 0, "\(run.stderr)")
            let read = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [[Any]]]
            let expected = try Self.postgresRows(fixture, where: condition)
            #expect(!expected.isEmpty)
            for format in ["ndjson", "csv"] {
                let rows = (read?[format] ?? []).map { $0.map { $0 as? String } }
                #expect(rows == expected, "\(day).\(format): \(rows) vs \(expected)")
            }
        }
        let index = try JSONDecoder().decode(
            DayExports.Index.self, from: Data(try fixture.read("exports/index.json").utf8))
        #expect(index.days.map(\.day) == ["2025-10-01", "2025-10-02", "undated"])
        #expect(index.days.map(\.rows) == [2, 1, 1])
        for day in index.days {
            let bytes = try Data(contentsOf: fixture.out.appendingPathComponent("exports/\(day.csv.path)"))
            #expect(bytes.count == day.csv.bytes)
            #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == day.csv.sha256)
        }
    }

    @Test func anIncrementalBuildRewritesOnlyTouchedDaysAndAgreesWithAFullBuild() throws {
        let fixture = try Self.awkwardSite()
        try fixture.build()
        try fixture.insert(received: "2025-10-02 10:00:00.5", raw: #"{"later": 2.50}"#, error: "x,y")
        try fixture.insert(received: "2025-11-05 08:00:00", raw: #"{"new day": true}"#)
        let report = try fixture.build()
        #expect(report.mode == .incremental)
        let exports = Set(report.changedFiles.filter { $0.hasPrefix("exports/") })
        // The touched day, the new day and the index; 2025-10-01 and undated stay as they were.
        #expect(
            exports == [
                "exports/2025-10-02.ndjson", "exports/2025-10-02.csv", "exports/2025-11-05.ndjson",
                "exports/2025-11-05.csv", "exports/index.json",
            ], "\(report.changedFiles)")
        let full = fixture.folder.appendingPathComponent("full")
        try fixture.build(full: true, into: full)
        let incremental = try fixture.snapshot().filter { $0.key.hasPrefix("exports/") }
        let rebuilt = try fixture.snapshot(of: full).filter { $0.key.hasPrefix("exports/") }
        #expect(incremental == rebuilt)
        #expect(try Self.postgresRows(fixture, where: "received_at::date = '2025-10-02'").count == 2)
    }

    /// Days held past the memory bound go to part files; the files are the same bytes.
    @Test func spilledDaysWriteTheSameFiles() throws {
        let rows = (1...300).map { id in
            TelemetryRow(
                id: id, receivedAt: Timestamp(text: "2025-10-0\(1 + id % 3) 10:00:00"),
                rawPayload: JSONDocument(text: #"{"n": \#(id).50}"#),
                validationError: id % 7 == 0 ? "bad, \"row\"\n" : nil, processingTimeMs: id)
        }
        func export(spillBytes: Int) throws -> [String: String] {
            let folder = temporaryFolder("exp")
            let output = try SiteOutput(target: folder.appendingPathComponent("Site"), full: true)
            var exports = DayExports(scratch: folder.appendingPathComponent("scratch"), spillBytes: spillBytes)
            for row in rows { try exports.add(row) }
            _ = try exports.finish(into: output, previous: nil)
            try output.commit()
            let left = try? FileManager.default.contentsOfDirectory(
                atPath: folder.appendingPathComponent("scratch").path)
            #expect(left?.isEmpty ?? true, "part files left: \(left ?? [])")
            let names = try FileManager.default.contentsOfDirectory(
                atPath: folder.appendingPathComponent("Site/exports").path)
            return try Dictionary(
                uniqueKeysWithValues: names.map {
                    ($0, try String(contentsOf: folder.appendingPathComponent("Site/exports/\($0)"), encoding: .utf8))
                })
        }
        let inMemory = try export(spillBytes: DayExports.spillBytes)
        #expect(inMemory.count == 6)
        #expect(try export(spillBytes: 2_000) == inMemory)
    }

    /// A spreadsheet opening the CSV runs no formula from a text cell (OWASP's CSV-injection
    /// advice: a leading `'`, the cell quoted); numbers and the NDJSON keep their exact text.
    @Test func csvCellsThatWouldBeFormulasAreDefusedAndNDJSONKeepsTheText() throws {
        let fixture = try SiteFixture.empty()
        let errors = [
            #"=HYPERLINK("http://evil.example","x")"#, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\tx", "\rx",
            "-5", "+3.25", "1e5", "plain",
        ]
        for error in errors {
            try fixture.insert(received: "2025-10-01 10:00:00", raw: #"{"n": -1.5}"#, error: error, handler: "-7")
        }
        try fixture.build()
        let folder = fixture.out.appendingPathComponent("exports")
        let run = try ToolRun.run(
            program: "/usr/bin/env",
            [
                "python3", Self.script.path, folder.appendingPathComponent("2025-10-01.ndjson").path,
                folder.appendingPathComponent("2025-10-01.csv").path,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let read = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [[Any]]]
        let csv = (read?["csv"] ?? []).map { $0.map { $0 as? String } }
        let ndjson = (read?["ndjson"] ?? []).map { $0.map { $0 as? String } }
        #expect(csv.count == errors.count && ndjson.count == errors.count)
        let defused = errors.map { ["=", "+", "-", "@", "\t", "\r"].contains(where: $0.hasPrefix) ? "'" + $0 : $0 }
        let expectedCSV = zip(errors, defused).map { error, cell in
            ["-5", "+3.25"].contains(error) ? error : cell
        }
        #expect(csv.map { $0[4] } == expectedCSV.map(Optional.some))
        #expect(ndjson.map { $0[4] } == errors.map(Optional.some))
        #expect(csv.allSatisfy { $0[2] == #"{"n": -1.5}"# && $0[5] == "-7" })
    }
}
