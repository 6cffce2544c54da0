import Foundation
import Publish
import SiteOutput
import TestSupport
import Testing

/// `publish --to rclone:…` against two real backends on loopback: moto's S3 server and rclone's
/// own WebDAV server. What arrived is read back by programs other than ours: `rclone check`,
/// moto's request log and boto3.
@Suite struct RclonePublishTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case s3, webdav
        var testDescription: String { rawValue }
        func start() throws -> any ObjectStore { self == .s3 ? try MotoS3() : try RcloneWebDAV() }
    }

    /// The first publish sends the whole tree and the store then equals the site object for
    /// object; after new rows only what the build changed goes up, removals are deleted, and a
    /// CDN is told to purge exactly what replaced or removed a published file, and the front.
    @Test(arguments: Backend.allCases)
    func aPublishAfterNewRowsSendsOnlyWhatTheBuildChanged(_ backend: Backend) throws {
        let fixture = try PublishFixture()
        let store = try backend.start()
        defer { store.stop() }
        let purge = fixture.site.folder.appendingPathComponent("purge.txt")
        let first = try fixture.publish(to: store.target, ["--invalidations", purge.path], store.environment)
        #expect(first["whole"] as? Bool == true)
        #expect(first["sent"] as? Int == PublishFixture.fileCount(fixture.site.out))
        #expect(!FileManager.default.fileExists(atPath: purge.path), "nothing was cached yet")
        #expect(try Self.check(store, fixture.site.out) == .init(same: PublishFixture.fileCount(fixture.site.out)))

        let before = Set(try fixture.site.snapshot().keys)
        let uploadsBefore = (store as? MotoS3)?.uploads()
        let changed = try fixture.grow(trades: 5, seed: 22)
        let second = try fixture.publish(to: store.target, ["--invalidations", purge.path], store.environment)
        #expect(second["whole"] as? Bool == false)
        #expect(second["sent"] as? Int == changed.written.count, "\(second)")
        #expect(second["deleted"] as? Int == changed.removed.count)
        if let moto = store as? MotoS3, let uploadsBefore {
            #expect(moto.uploads() - uploadsBefore == changed.written.count, "PUTs in moto's log")
        }
        #expect(try Self.check(store, fixture.site.out) == .init(same: PublishFixture.fileCount(fixture.site.out)))

        let purged = Set(try String(contentsOf: purge, encoding: .utf8).split(separator: "\n").map(String.init))
        let replaced = changed.written.intersection(before)
        #expect(purged.isSuperset(of: Set((replaced.union(changed.removed)).map { "/" + $0 })))
        #expect(purged.isSuperset(of: ["/", "/index.html", "/build.json"]))
        #expect(purged.isDisjoint(with: Set(changed.written.subtracting(before).map { "/" + $0 })), "new files")
        let json = try JSONDecoder().decode(
            Invalidations.self, from: Data(contentsOf: URL(fileURLWithPath: purge.path + ".json")))
        #expect(Set(json.paths) == purged)

        let third = try fixture.publish(to: store.target, ["--invalidations", purge.path], store.environment)
        #expect(third["sent"] as? Int == 0)
        #expect(third["deleted"] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: purge.path), "nothing changed: nothing to purge")
    }

    /// Each class of file is served with its Content-Type and Cache-Control, as boto3's
    /// `head_object` reads them back from the store.
    @Test func uploadsCarryTheirHeaders() throws {
        let fixture = try PublishFixture(trades: 10)
        let moto = try MotoS3()
        defer { moto.stop() }
        _ = try fixture.publish(to: moto.target, ["--page-max-age", "120"], moto.environment)
        let files = try fixture.site.snapshot().keys.sorted()
        func first(_ test: (String) -> Bool) throws -> String {
            guard let found = files.first(where: test) else { throw TestSupportError("no such file in the site") }
            return found
        }
        let expected: [String: (String, String)] = [
            "index.html": ("text/html; charset=utf-8", "no-cache"),
            "build.json": ("application/json", "no-cache"),
            "feeds/runs.atom": ("application/atom+xml", "no-cache"),
            "search/meta.js": ("text/javascript; charset=utf-8", "no-cache"),
            try first { $0.hasPrefix("telemetry/") && $0.hasSuffix(".md") }:
                ("text/markdown; charset=utf-8", "public, max-age=120"),
            try first { $0.hasPrefix("telemetry/") && $0.hasSuffix(".html") }:
                ("text/html; charset=utf-8", "public, max-age=120"),
            try first { $0.hasSuffix(".ndjson") }: ("application/x-ndjson", "public, max-age=120"),
            try first { $0.hasSuffix(".csv") }: ("text/csv; charset=utf-8", "public, max-age=120"),
            try first { $0.hasPrefix("assets/") && $0.hasSuffix(".css") }:
                ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
            try first { $0.hasPrefix("assets/") && $0.hasSuffix(".js") }:
                ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ]
        let served = try moto.headers(Array(expected.keys))
        for (key, (type, cache)) in expected {
            #expect(served[key]?["ContentType"] == type, "\(key)")
            #expect(served[key]?["CacheControl"] == cache, "\(key)")
        }
    }

    /// rclone killed mid-upload: on S3 rclone alone (the publish fails, naming the step to
    /// resume), on WebDAV together with the publish. The next publish resumes the step it was in
    /// and sends only what had not arrived; the store then equals the site.
    @Test(arguments: Backend.allCases)
    func anInterruptedPublishResumesWithoutResendingWhatArrived(_ backend: Backend) throws {
        let fixture = try PublishFixture()
        let store = try backend.start()
        defer { store.stop() }
        _ = try fixture.publish(to: store.target, [], store.environment)
        let present = try fixture.grow(trades: 40, seed: 23).written
        let count = { () throws -> Int in try Self.objects(store) }
        let before = try count()
        let slow = try fixture.startPublish(to: store.target, ["--bwlimit", "100"], store.environment)
        defer { kill(-slow.pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(120)
        while try count() < before + 20 {
            try #require(Date() < deadline, "the publish sent nothing")
            usleep(100_000)
        }
        if backend == .s3 {
            let rclone = try ToolRun.run(program: "/usr/bin/pkill", ["-KILL", "-g", "\(slow.pid)", "-x", "rclone"])
            #expect(rclone.status == 0, "no rclone to kill")
            #expect(slow.wait() == 1)
            #expect(slow.stderr.contains("publish again to resume there"), "\(slow.stderr)")
        } else {
            kill(-slow.pid, SIGKILL)
            #expect(slow.wait() == 128 + SIGKILL)
        }
        let arrived = try count() - before
        let resumed = try fixture.publish(to: store.target, [], store.environment)
        #expect(resumed["resumed_at_step"] as? Int == 0, "\(resumed)")
        let sent = try #require(resumed["sent"] as? Int)
        // rclone uploads four files at a time: those in flight when it was killed go again.
        #expect(sent <= present.count - arrived + 4, "sent \(sent) of \(present.count); \(arrived) had arrived")
        #expect(try Self.check(store, fixture.site.out) == .init(same: PublishFixture.fileCount(fixture.site.out)))
    }

    /// `--verify` (rclone check: by MD5 on S3, by the bytes on WebDAV) finds an object changed
    /// behind our back, same size; `--full` then repairs it.
    @Test(arguments: Backend.allCases)
    func verifyFindsAnObjectChangedBehindOurBack(_ backend: Backend) throws {
        let fixture = try PublishFixture(trades: 10)
        let store = try backend.start()
        defer { store.stop() }
        _ = try fixture.publish(to: store.target, [], store.environment)
        var bytes = try Data(contentsOf: fixture.site.out.appendingPathComponent("index.html"))
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == 0x41 ? 0x42 : 0x41
        let forged = fixture.site.folder.appendingPathComponent("forged.html")
        try bytes.write(to: forged)
        let remote = String(store.target.dropFirst("rclone:".count))
        // rclone itself would call the two equal (same size; WebDAV keeps no time): --ignore-times.
        let copied = try store.rclone(["copyto", "--ignore-times", forged.path, remote + "/index.html"])
        #expect(copied.status == 0, "\(copied.stderr)")

        let found = try ToolRun.run(fixture.arguments(to: store.target, ["--verify"]), environment: store.environment)
        #expect(found.status == 1, "\(found.stdout) \(found.stderr)")
        #expect(found.stdout.contains("1 files differ or are missing"), "\(found.stdout)")
        #expect(found.stdout.contains("  index.html"))
        // A stray object is deleted by the whole-tree sync; a dotfile of the store's own is kept.
        for extra in ["stray.html", ".well-known/security.txt"] {
            #expect(try store.rclone(["copyto", forged.path, remote + "/" + extra]).status == 0)
        }
        let repaired = try ToolRun.run(
            fixture.arguments(to: store.target, ["--full", "--checksum", "--verify", "--json"]),
            environment: store.environment)
        #expect(repaired.status == 0, "\(repaired.stdout) \(repaired.stderr)")
        #expect(repaired.stdout.contains("\"deleted\":1,"), "\(repaired.stdout)")
        #expect(repaired.stdout.contains("\"differing\":[]"))
        let listed = try store.rclone(["lsf", "-R", "--files-only", remote]).stdout.split(separator: "\n")
        #expect(!listed.contains("stray.html"))
        #expect(listed.contains(".well-known/security.txt"))
    }

    /// What `rclone check` says of the store against the site: files alike, and any other line.
    struct Check: Equatable {
        var same: Int
        var other: [String] = []
    }

    static func check(_ store: any ObjectStore, _ site: URL) throws -> Check {
        let remote = String(store.target.dropFirst("rclone:".count))
        let run = try store.rclone(
            ["check", site.path, remote, "--combined", "-"] + (store.keepsHashes ? [] : ["--download"]))
        var check = Check(same: 0)
        for line in run.stdout.split(separator: "\n") {
            if line.hasPrefix("= ") { check.same += 1 } else { check.other.append(String(line)) }
        }
        return check
    }

    /// Objects in the store under the target.
    static func objects(_ store: any ObjectStore) throws -> Int {
        let remote = String(store.target.dropFirst("rclone:".count))
        return try store.rclone(["lsf", "-R", "--files-only", remote]).stdout.split(separator: "\n").count
    }
}
