import Foundation
import TestSupport
import Testing

/// The state folder holds run records, the redaction key, change lists and publish records:
/// private to its owner from the moment each exists, and refused when others may write to it.
@Suite struct StateModeTests {
    /// Every folder and file under `folder` with its permission bits.
    static func modes(under folder: URL) throws -> [(String, Int, Bool)] {
        var out: [(String, Int, Bool)] = []
        let manager = FileManager.default
        let walker = manager.enumerator(atPath: folder.path)
        while let path = walker?.nextObject() as? String {
            let attributes = try manager.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            out.append((path, mode, attributes[.type] as? FileAttributeType == .typeDirectory))
        }
        return out
    }

    @Test func theNightlyJobUserAddAndPublishCreateOnlyPrivateStateUnderUmask022() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let state = fixture.state.path
        // umask 022 (the usual one): without care, folders come out 0755 and files 0644.
        let script = """
            umask 022
            "$0" run --out "$1" --state-dir "$2" --templates "$3" &&
            printf 'a-long-password\\n' | "$0" user add alice --users "$2/users.htpasswd" --password-stdin &&
            "$0" publish --out "$1" --state-dir "$2" --to "$4"
            """
        let run = try ToolRun.run(
            program: "/bin/sh",
            [
                "-c", script, ToolRun.executable.path, fixture.out.path, state, SiteFixture.templates.path,
                fixture.folder.appendingPathComponent("published").path,
            ],
            environment: ["DATABASE_URL": fixture.database.url])
        #expect(run.status == 0, "\(run.stderr)")
        let top = try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? Int
        #expect(top == 0o700, "the state folder is \(String(top ?? 0, radix: 8))")
        let entries = try Self.modes(under: fixture.state)
        #expect(entries.contains { $0.0.hasPrefix("runs/") } && entries.contains { $0.0 == "redaction.key" })
        #expect(entries.contains { $0.0.hasPrefix("publish/") } && entries.contains { $0.0.hasPrefix("site/") })
        for (path, mode, isFolder) in entries {
            #expect(mode == (isFolder ? 0o700 : 0o600), "\(path) is \(String(mode, radix: 8))")
        }
        // The site itself stays readable by the web server.
        let page = try FileManager.default.attributesOfItem(
            atPath: fixture.out.appendingPathComponent("index.html").path)
        #expect((page[.posixPermissions] as? Int ?? 0) & 0o044 == 0o044)
    }

    @Test(arguments: [0o770, 0o777, 0o702])
    func aStateFolderOthersCanWriteIsRefused(mode: Int) throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 2))
        try FileManager.default.createDirectory(at: fixture.state, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: fixture.state.path)
        for arguments in [
            ["build", "--out", fixture.out.path, "--state-dir", fixture.state.path],
            ["backfill", "--state-dir", fixture.state.path],
            [
                "publish", "--out", fixture.out.path, "--state-dir", fixture.state.path, "--to",
                fixture.folder.path + "/p",
            ],
        ] {
            let run = try ToolRun.run(arguments, environment: ["DATABASE_URL": fixture.database.url])
            #expect(run.status != 0, "\(arguments[0]) ran on a \(String(mode, radix: 8)) state folder")
            #expect(run.stderr.contains("chmod 700"), "\(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.state.path).isEmpty)
    }
}
