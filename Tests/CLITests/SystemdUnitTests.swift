import Foundation
import SiteMetrics
import TestSupport
import Testing

/// The units in `deploy/systemd/`: systemd's own checker accepts them without a warning, and the
/// commands they start work as written (paths moved into a test folder, the binary the one built).
@Suite(.serialized) struct SystemdUnitTests {
    static let units = ["telemetry-site.service", "telemetry-site-nightly.service", "telemetry-site-nightly.timer"]
    static let installed = "/opt/telemetry-site/bin/telemetry-site"
    static let state = "/var/lib/telemetry-site"

    /// The units with the installed binary's path replaced by the built one (`verify` checks
    /// that it exists) and, when given, the state folder by `root`.
    static func copies(root: String? = nil) throws -> URL {
        let folder = temporaryFolder("units")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for unit in units {
            var text = try String(
                contentsOf: SiteFixture.repository.appendingPathComponent("deploy/systemd/\(unit)"), encoding: .utf8)
            text = text.replacingOccurrences(of: installed, with: ToolRun.executable.path)
            if let root { text = text.replacingOccurrences(of: state, with: root) }
            try text.write(to: folder.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The words of a unit's `ExecStart=` line.
    static func execStart(_ unit: String, in folder: URL) throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent(unit), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
    }

    @Test func systemdAnalyzeVerifyAcceptsTheUnitsWithoutAWarning() throws {
        let folder = try Self.copies()
        let run = try ToolRun.run(
            program: "/usr/bin/env",
            ["systemd-analyze", "verify"] + Self.units.map { folder.appendingPathComponent($0).path })
        #expect(run.status == 0, "\(run.stderr)")
        // verify exits 0 on an unknown key or a bad value (it only warns): any output is a finding.
        #expect(run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
    }

    @Test func theNightlyAndTheServerRunAsTheUnitsStartThem() throws {
        let database = try TestDatabase.seeded(trades: 5)
        let root = temporaryFolder("var-lib")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let folder = try Self.copies(root: root.path)
        let environment = ["DATABASE_URL": database.url]

        let nightly = try Self.execStart("telemetry-site-nightly.service", in: folder)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("metrics"), withIntermediateDirectories: true)
        let run = try ToolRun.run(
            program: nightly[0], Array(nightly.dropFirst()), environment: environment, directory: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Site/index.html").path))
        let metrics = try PrometheusText(
            parsing: try String(
                contentsOf: root.appendingPathComponent("metrics/telemetry_site.prom"), encoding: .utf8))
        #expect(metrics.value(MetricName.jobSuccess, ["command": "run"]) == 1)

        let port = try TestPorts.free()
        let serve = try Self.execStart("telemetry-site.service", in: folder).map { $0 == "8080" ? String(port) : $0 }
        let server = try Spawned(
            program: serve[0], Array(serve.dropFirst()), environment: environment, directory: root)
        defer { kill(server.pid, SIGKILL) }
        #expect(try TestPorts.waitForListener(port), "\(server.stderr)")
        let connection = try RawHTTP(port: port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(connection.readToClose().text.hasPrefix("HTTP/1.1 200"))
        // systemd stops it with SIGTERM: it exits 0.
        kill(server.pid, SIGTERM)
        #expect(server.wait() == 0, "\(server.stderr)")
    }
}
