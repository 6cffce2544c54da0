import Foundation
import TestSupport
import Testing

@testable import TelemetrySiteCLI

/// A database password never stays in `ps`: typed ones are overwritten once parsed, and a
/// file (checked like `~/.pgpass`) or the environment carries it instead.
@Suite struct PasswordArgumentTests {
    @Test func aPasswordOnTheCommandLineLeavesTheProcessArgumentsOnceParsed() throws {
        let folder = temporaryFolder("pw")
        let site = folder.appendingPathComponent("Site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<!doctype html><title>t</title>".utf8).write(to: site.appendingPathComponent("index.html"))
        let port = try TestPorts.free()
        let secret = "S3cretPw-zz"
        let server = try Spawned(
            program: ToolRun.executable.path,
            [
                "serve", "--site", site.path, "--state-dir", folder.appendingPathComponent("state").path, "--port",
                String(port), "--database-url", "postgresql://etl:\(secret)@127.0.0.1:1/x?connect_timeout=2",
                "--read-database-url", "host=127.0.0.1 port=1 password=\(secret)2 dbname=x",
            ])
        defer { kill(server.pid, SIGKILL) }
        #expect(try TestPorts.waitForListener(port), "\(server.stderr)")
        let commandLine = try String(contentsOfFile: "/proc/\(server.pid)/cmdline", encoding: .utf8)
            .replacingOccurrences(of: "\0", with: " ")
        #expect(!commandLine.contains(secret), "\(commandLine)")
        #expect(commandLine.contains("postgresql://etl:\(String(repeating: "*", count: secret.count))@127.0.0.1:1/x"))
        #expect(commandLine.contains("password=\(String(repeating: "*", count: secret.count + 1)) dbname=x"))
    }

    @Test func aConnectionFileIsReadWhenPrivateAndRefusedWhenOthersCanRead() throws {
        let database = try TestDatabase.seeded(trades: 2)
        let folder = temporaryFolder("pwfile")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("database-url")
        try Data((database.url + "\n").utf8).write(to: file)
        let state = folder.appendingPathComponent("state").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let open = try ToolRun.run(["backfill", "--database-url-file", file.path, "--state-dir", state])
        #expect(open.status == 2 && open.stderr.contains("chmod 600"), "\(open.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let run = try ToolRun.run(["backfill", "--database-url-file", file.path, "--state-dir", state, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"inserted\""))
        let both = try ToolRun.run(["backfill", "--database-url-file", file.path, "--database-url", database.url])
        #expect(both.status == 2 && both.stderr.contains("exclude each other"))
        let help = try ToolRun.run(["backfill", "--help"])
        #expect(help.stdout.contains("--database-url-file") && help.stdout.contains("visible in ps"))
    }

    @Test func maskingKeepsTheLengthAndOnlyThePassword() {
        let cases: [(String, String)] = [
            ("postgresql://u:pw@h:5/d", "postgresql://u:**@h:5/d"),
            ("host=h password='a b' dbname=d", "host=h password=***** dbname=d"),
            ("postgres://u@h/d", "postgres://u@h/d"), ("--port", "--port"),
            ("postgresql://u:pässwörd@h/d", "postgresql://u:**********@h/d"),
        ]
        for (argument, expected) in cases {
            let masked = ConnectionSecrets.masked(argument)
            #expect(masked == expected)
            #expect(masked.utf8.count == argument.utf8.count)
        }
    }
}
