import Foundation
import Publish
import SiteOutput
import TestSupport
import Testing

/// `publish --to rclone:…` against two real backends on loopback: moto's S3 server and rclone's
/// own WebDAV server. What arrived is read back by programs other than ours: `rclone check`,
/// moto's request log and boto3. Every child process is waited for off the cooperative pool
/// (`offThePool`): a publish takes seconds, and the suite's live servers need that pool. One test
/// at a time: each starts a store (moto is a Python server) beside the rest of the suite, on two
/// cores.
@Suite(.serialized) struct RclonePublishTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case s3, webdav
        var testDescription: String { rawValue }
        func start() throws -> any ObjectStore { self == .s3 ? try MotoS3() : try RcloneWebDAV() }
    }

    /// The first publish sends the whole tree and the store then equals the site object for
    /// object; after new rows only what the build changed goes up, removals are deleted, and a
    /// CDN is told to purge exactly what replaced or removed a published file, and the front.
    @Test(arguments: Backend.allCases)
    func aPublishAfterNewRowsSendsOnlyWhatTheBuildChanged(_ backend: Backend) async throws {
        let fixture = try await offThePool { try PublishFixture(trades: 10) }
        let store = try backend.start()
        defer { store.stop() }
        let remote = store.remote
        let purge = fixture.site.folder.appendingPathComponent("purge.txt")
        let files = PublishFixture.fileCount(fixture.site.out)
        let first = try await Self.publish(fixture, remote, ["--invalidations", purge.path])
        #expect(first.whole)
        #expect(first.sent == files)
        // The whole tree goes up after one listing of the target, not a HEAD per object.
        if let moto = store as? MotoS3 { #expect(moto.heads() < files / 4, "\(moto.heads()) HEADs for \(files) files") }
        #expect(!FileManager.default.fileExists(atPath: purge.path), "nothing was cached yet")
        #expect(try await offThePool { try remote.check(fixture.site.out) } == StoreCheck(same: files))

        let before = Set(try fixture.site.snapshot().keys)
        let uploadsBefore = (store as? MotoS3)?.uploads()
        let changed = try await offThePool { try fixture.grow(trades: 5, seed: 22) }
        let second = try await Self.publish(fixture, remote, ["--invalidations", purge.path])
        #expect(!second.whole)
        #expect(second.sent == changed.written.count, "\(second)")
        #expect(second.deleted == changed.removed.count)
        if let moto = store as? MotoS3, let uploadsBefore {
            #expect(moto.uploads() - uploadsBefore == changed.written.count, "PUTs in moto's log")
        }
        let now = PublishFixture.fileCount(fixture.site.out)
        #expect(try await offThePool { try remote.check(fixture.site.out) } == StoreCheck(same: now))

        let purged = Set(try String(contentsOf: purge, encoding: .utf8).split(separator: "\n").map(String.init))
        let replaced = changed.written.intersection(before)
        #expect(purged.isSuperset(of: Set((replaced.union(changed.removed)).map { "/" + $0 })))
        #expect(purged.isSuperset(of: ["/", "/index.html", "/build.json"]))
        #expect(purged.isDisjoint(with: Set(changed.written.subtracting(before).map { "/" + $0 })), "new files")
        let json = try JSONDecoder().decode(
            Invalidations.self, from: Data(contentsOf: URL(fileURLWithPath: purge.path + ".json")))
        #expect(Set(json.paths) == purged)

        let third = try await Self.publish(fixture, remote, ["--invalidations", purge.path])
        #expect(third.sent == 0)
        #expect(third.deleted == 0)
        #expect(!FileManager.default.fileExists(atPath: purge.path), "nothing changed: nothing to purge")
    }

    /// Each class of file is served with its Content-Type and Cache-Control, as boto3's
    /// `head_object` reads them back from the store; `--full` sets them anew.
    @Test func uploadsCarryTheirHeaders() async throws {
        let fixture = try await offThePool { try PublishFixture(trades: 10) }
        let moto = try MotoS3()
        defer { moto.stop() }
        let (remote, endpoint) = (moto.remote, moto.endpoint)
        _ = try await Self.publish(fixture, remote, ["--page-max-age", "120"])
        let files = try fixture.site.snapshot().keys.sorted()
        func first(_ test: (String) -> Bool) throws -> String {
            guard let found = files.first(where: test) else { throw TestSupportError("no such file in the site") }
            return found
        }
        let page = try first { $0.hasPrefix("telemetry/") && $0.hasSuffix(".html") }
        let expected: [String: (String, String)] = [
            "index.html": ("text/html; charset=utf-8", "no-cache"),
            "build.json": ("application/json", "no-cache"),
            "feeds/runs.atom": ("application/atom+xml", "no-cache"),
            "search/meta.js": ("text/javascript; charset=utf-8", "no-cache"),
            page: ("text/html; charset=utf-8", "public, max-age=120"),
            try first { $0.hasPrefix("telemetry/") && $0.hasSuffix(".md") }:
                ("text/markdown; charset=utf-8", "public, max-age=120"),
            try first { $0.hasSuffix(".ndjson") }: ("application/x-ndjson", "public, max-age=120"),
            try first { $0.hasSuffix(".csv") }: ("text/csv; charset=utf-8", "public, max-age=120"),
            try first { $0.hasPrefix("assets/") && $0.hasSuffix(".css") && AssetNames.isFingerprinted($0) }:
                ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
            try first { $0.hasPrefix("assets/") && $0.hasSuffix(".js") && AssetNames.isFingerprinted($0) }:
                ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ]
        let keys = Array(expected.keys)
        let served = try await offThePool { try MotoS3.headers(endpoint: endpoint, keys) }
        for (key, (type, cache)) in expected {
            #expect(served[key]?["ContentType"] == type, "\(key)")
            #expect(served[key]?["CacheControl"] == cache, "\(key)")
        }
        // `--full` sends every file again: a new --page-max-age reaches the objects already there.
        let again = try await Self.publish(fixture, remote, ["--full", "--page-max-age", "60"])
        #expect(again.sent == PublishFixture.fileCount(fixture.site.out))
        let restamped = try await offThePool { try MotoS3.headers(endpoint: endpoint, [page]) }
        #expect(restamped[page]?["CacheControl"] == "public, max-age=60")
    }

    /// rclone killed mid-upload: on S3 rclone alone (the publish fails, naming the step to
    /// resume), on WebDAV together with the publish. The next publish resumes the step it was in
    /// and sends only what had not arrived; the store then equals the site.
    @Test(arguments: Backend.allCases)
    func anInterruptedPublishResumesWithoutResendingWhatArrived(_ backend: Backend) async throws {
        let (fixture, store) = try await Self.published(to: backend)
        defer { store.stop() }
        let remote = store.remote
        let present = try await offThePool { try fixture.grow(trades: 40, seed: 23).written }
        let before = try await offThePool { try remote.objects().count }
        let outcome = try await offThePool {
            try Self.interrupt(fixture, remote, killingPublish: backend == .webdav, after: before + 20)
        }
        if backend == .s3 {
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("publish again to resume there"), "\(outcome.stderr)")
        } else {
            #expect(outcome.status == 128 + SIGKILL)
        }
        let arrived = try await offThePool { try remote.objects().count } - before
        let resumed = try await Self.publish(fixture, remote)
        #expect(resumed.resumedAtStep == 0, "\(resumed)")
        // rclone uploads four files at a time: those in flight when it was killed go again.
        #expect(
            resumed.sent <= present.count - arrived + 4,
            "sent \(resumed.sent) of \(present.count); \(arrived) had arrived")
        let files = PublishFixture.fileCount(fixture.site.out)
        #expect(try await offThePool { try remote.check(fixture.site.out) } == StoreCheck(same: files))
    }

    /// `--verify` (rclone check: by MD5 on S3, by the bytes on WebDAV) finds an object changed
    /// behind our back, same size; `--full --checksum` then repairs it, deletes a stray object
    /// and keeps the store's own dotfiles.
    @Test(arguments: Backend.allCases)
    func verifyFindsAnObjectChangedBehindOurBack(_ backend: Backend) async throws {
        let (fixture, store) = try await Self.published(to: backend)
        defer { store.stop() }
        let remote = store.remote
        var bytes = try Data(contentsOf: fixture.site.out.appendingPathComponent("index.html"))
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == 0x41 ? 0x42 : 0x41
        let forged = fixture.site.folder.appendingPathComponent("forged.html")
        try bytes.write(to: forged)
        // rclone itself would call the two equal (same size; WebDAV keeps no time): --ignore-times.
        let copied = try await offThePool {
            try remote.rclone(["copyto", "--ignore-times", forged.path, remote.path + "/index.html"]).status
        }
        #expect(copied == 0)

        let found = try await offThePool {
            try ToolRun.run(fixture.arguments(to: remote.target, ["--verify"]), environment: remote.environment)
        }
        #expect(found.status == 1, "\(found.stdout) \(found.stderr)")
        #expect(found.stdout.contains("1 file differs or is missing"), "\(found.stdout)")
        #expect(found.stdout.contains("  index.html"))
        let listed = try await offThePool {
            for extra in ["stray.html", ".well-known/security.txt"] {
                guard try remote.rclone(["copyto", forged.path, remote.path + "/" + extra]).status == 0 else {
                    throw TestSupportError("could not place \(extra)")
                }
            }
            let repaired = try ToolRun.run(
                fixture.arguments(to: remote.target, ["--full", "--checksum", "--verify", "--json"]),
                environment: remote.environment)
            guard repaired.status == 0, repaired.stdout.contains("\"deleted\":1,"),
                repaired.stdout.contains("\"differing\":[]")
            else { throw TestSupportError("not repaired: \(repaired.stdout) \(repaired.stderr)") }
            return try remote.objects()
        }
        #expect(!listed.contains("stray.html"))
        #expect(listed.contains(".well-known/security.txt"))
    }

    /// A 10-trade site, published once to a store of `backend` started for it.
    static func published(to backend: Backend) async throws -> (PublishFixture, any ObjectStore) {
        let fixture = try await offThePool { try PublishFixture(trades: 10) }
        let store = try backend.start()
        do {
            _ = try await publish(fixture, store.remote)
        } catch {
            store.stop()
            throw error
        }
        return (fixture, store)
    }

    /// Runs `publish --json` to its end, off the pool; its report.
    static func publish(
        _ fixture: PublishFixture, _ remote: StoreRemote, _ extra: [String] = []
    ) async throws -> PublishReport {
        let run = try await offThePool {
            try ToolRun.run(fixture.arguments(to: remote.target, extra + ["--json"]), environment: remote.environment)
        }
        guard run.status == 0 else { throw TestSupportError("publish failed: \(run.stdout) \(run.stderr)") }
        return try JSONDecoder().decode(PublishReport.self, from: Data(run.stdout.utf8))
    }

    /// Starts a slow publish, waits until `count` objects are in the store, then kills rclone
    /// alone or the publish with it; how the publish ended.
    static func interrupt(
        _ fixture: PublishFixture, _ remote: StoreRemote, killingPublish: Bool, after count: Int
    ) throws -> (status: Int32, stderr: String) {
        let slow = try fixture.startPublish(to: remote.target, ["--bwlimit", "100"], remote.environment)
        defer { kill(-slow.pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(120)
        while try remote.objects().count < count {
            guard Date() < deadline else { throw TestSupportError("the publish sent nothing") }
            usleep(100_000)
        }
        if killingPublish {
            kill(-slow.pid, SIGKILL)
        } else {
            let rclone = try ToolRun.run(program: "/usr/bin/pkill", ["-KILL", "-g", "\(slow.pid)", "-x", "rclone"])
            guard rclone.status == 0 else { throw TestSupportError("no rclone to kill") }
        }
        return (slow.wait(), slow.stderr)
    }
}
