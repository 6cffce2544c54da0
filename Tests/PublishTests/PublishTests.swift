import Crypto
import Foundation
import SiteOutput
import TestSupport
import Testing

/// `publish` to a real rsync daemon on loopback (and to a folder).
@Suite struct PublishTests {
    /// The first publish sends the whole tree; after new rows, only what the build changed
    /// goes; with nothing new, nothing does. The target is the site, file for file.
    @Test func aPublishAfterNewRowsSendsOnlyWhatTheBuildChanged() throws {
        let fixture = try PublishFixture()
        let daemon = try RsyncDaemon()
        defer { daemon.stop() }
        let first = try fixture.publish(to: daemon.url)
        #expect(first["whole"] as? Bool == true)
        #expect(first["sent"] as? Int == PublishFixture.fileCount(fixture.site.out))
        #expect(try fixture.site.snapshot(of: daemon.folder) == fixture.site.snapshot())

        let changed = try fixture.grow(trades: 5, seed: 22)
        // As if the build had rewritten them in the second they were published: rsync's quick
        // check (size and time to the second) would skip those whose size did not change.
        let manager = FileManager.default
        for path in changed.written {
            let published = daemon.folder.appendingPathComponent(path).path
            guard let time = try? manager.attributesOfItem(atPath: published)[.modificationDate] else { continue }
            try manager.setAttributes(
                [.modificationDate: time], ofItemAtPath: fixture.site.out.appendingPathComponent(path).path)
        }
        let second = try fixture.publish(to: daemon.url)
        #expect(second["whole"] as? Bool == false)
        // Every key is there, null when empty: scripts need not ask.
        #expect(second["reason"] is NSNull && second["resumed_at_step"] is NSNull, "\(second)")
        #expect(second["sent"] as? Int == changed.written.count, "\(second)")
        #expect(second["deleted"] as? Int == changed.removed.count)
        #expect((second["sent"] as? Int ?? .max) * 4 < (first["sent"] as? Int ?? 0))
        #expect(try fixture.site.snapshot(of: daemon.folder) == fixture.site.snapshot())

        let third = try fixture.publish(to: daemon.url)
        #expect(third["sent"] as? Int == 0)
        #expect(third["deleted"] as? Int == 0)
    }

    /// A publish killed part-way (with its rsync) resumes its plan: the next run says so and
    /// sends only what had not arrived; the target then is the site.
    @Test func anInterruptedPublishResumesWithoutResendingEverything() throws {
        let fixture = try PublishFixture()
        let daemon = try RsyncDaemon()
        defer { daemon.stop() }
        _ = try fixture.publish(to: daemon.url)
        let present = try fixture.grow(trades: 40, seed: 23).written
        let before = PublishFixture.fileCount(daemon.folder)
        try fixture.killSlowPublish(to: daemon, afterFiles: before + 30)
        let arrived = PublishFixture.fileCount(daemon.folder) - before
        let resumed = try fixture.publish(to: daemon.url)
        #expect(resumed["resumed_at_step"] as? Int == 0, "\(resumed)")
        let sent = try #require(resumed["sent"] as? Int)
        #expect(sent <= present.count - arrived + 1, "sent \(sent) of \(present.count); \(arrived) had arrived")
        #expect(try fixture.site.snapshot(of: daemon.folder) == fixture.site.snapshot())
    }

    /// A publish killed while it replaced its plan folder (the old lists removed, the record not
    /// yet naming the new plan) leaves a record whose lists are gone: the next publish syncs the
    /// whole tree instead of stopping with "publish with --full".
    @Test func aPlanWhoseListsAreGoneIsRedoneAsAWholeTreePublish() throws {
        let fixture = try PublishFixture()
        let daemon = try RsyncDaemon()
        defer { daemon.stop() }
        _ = try fixture.publish(to: daemon.url)
        _ = try fixture.grow(trades: 40, seed: 24)
        try fixture.killSlowPublish(to: daemon, afterFiles: PublishFixture.fileCount(daemon.folder) + 10)
        let publishState = fixture.site.state.appendingPathComponent("publish")
        let plans = try FileManager.default.contentsOfDirectory(atPath: publishState.path).filter {
            $0.hasSuffix(".plan")
        }
        var removed = 0
        for plan in plans {
            let folder = publishState.appendingPathComponent(plan)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".list") {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
                removed += 1
            }
        }
        #expect(removed > 0, "the killed publish left no lists: \(plans)")
        let redone = try fixture.publish(to: daemon.url)
        #expect(redone["whole"] as? Bool == true, "\(redone)")
        #expect(try fixture.site.snapshot(of: daemon.folder) == fixture.site.snapshot())
    }

    /// `--verify` reads every file on both sides: a target file corrupted in place (same size,
    /// same time, so rsync's quick check would miss it) is found; `--full --checksum` repairs it.
    @Test func verifyFindsAFileCorruptedOnTheTarget() throws {
        let fixture = try PublishFixture(trades: 10)
        let target = fixture.site.folder.appendingPathComponent("published")
        _ = try fixture.publish(to: target.path)
        let victim = target.appendingPathComponent("index.html")
        var bytes = try Data(contentsOf: victim)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == 0x41 ? 0x42 : 0x41
        try bytes.write(to: victim)
        let touched = try ToolRun.run(
            program: "/usr/bin/touch", ["-r", fixture.site.out.appendingPathComponent("index.html").path, victim.path])
        #expect(touched.status == 0)

        let found = try ToolRun.run(fixture.arguments(to: target.path, ["--verify"]))
        #expect(found.status == 1)
        #expect(found.stdout.contains("1 file differs or is missing"), "\(found.stdout)")
        #expect(found.stdout.contains("  index.html"))
        let repaired = try ToolRun.run(fixture.arguments(to: target.path, ["--full", "--checksum", "--verify"]))
        #expect(repaired.status == 0, "\(repaired.stdout) \(repaired.stderr)")
        #expect(repaired.stdout.contains("holds exactly the site"))
        #expect(try fixture.site.snapshot(of: target) == fixture.site.snapshot())
    }

    /// A build's list names what it wrote with the bytes' SHA-256 and size, by part (the front
    /// apart), and its removals; lists stay until every target has received them (with no
    /// target, only the newest stays).
    @Test func changeListsHoldWhatTheBuildWroteUntilEveryTargetHasThem() throws {
        let fixture = try PublishFixture(trades: 10, seed: 24)
        let log = ChangeLog(site: fixture.site.out, stateDirectory: fixture.site.state)
        let changed = try fixture.grow(trades: 3, seed: 25)
        let lists = try log.lists()
        #expect(lists.map(\.seq) == [2], "no target: only the newest list stays")
        let list = try #require(lists.first)
        #expect(list.kind == .incremental)
        var listed: Set<String> = []
        for tier in [ChangeTier.added, .changed, .front] {
            for entry in try list.entries(tier) {
                let bytes = try Data(contentsOf: fixture.site.out.appendingPathComponent(entry.path))
                let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
                #expect(entry.sha256 == digest, "\(entry.path)")
                #expect(entry.size == bytes.count)
                #expect((tier == .front) == ChangeTier.isFront(entry.path))
                listed.insert(entry.path)
            }
        }
        #expect(listed == changed.written)
        #expect(Set(try list.entries(.removed).map(\.path)) == changed.removed)
        #expect(try list.entries(.front).map(\.path).contains("index.html"))

        let (first, second) = (
            fixture.site.folder.appendingPathComponent("a"), fixture.site.folder.appendingPathComponent("b")
        )
        _ = try fixture.publish(to: first.path)
        _ = try fixture.publish(to: second.path)
        #expect(try log.lists().isEmpty)
        _ = try fixture.grow(trades: 3, seed: 26)
        _ = try fixture.publish(to: first.path)
        #expect(try log.lists().map(\.seq) == [3], "the second target has not received it")
        let report = try fixture.publish(to: second.path)
        #expect(report["whole"] as? Bool == false)
        #expect(try log.lists().isEmpty)
        #expect(try fixture.site.snapshot(of: second) == fixture.site.snapshot())
    }
}

/// A whole-tree publish sends the site and nothing a stranger put beside it.
@Suite struct PublishCarriesOnlyTheSiteTests {
    /// Dotfiles (at the top, in folders, dot-folders) and symbolic links (to a folder outside
    /// the site, to a page inside it) in the site folder never reach the target, on a first
    /// publish, a `--full` one or an incremental one; `--verify` does not count them.
    @Test func dotfilesAndSymlinksAreNeverSent() throws {
        let fixture = try PublishFixture(trades: 10)
        let out = fixture.site.out
        let manager = FileManager.default
        try manager.createDirectory(at: out.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("[core]\n".utf8).write(to: out.appendingPathComponent(".git/config"))
        try Data("TOKEN=x\n".utf8).write(to: out.appendingPathComponent(".secret"))
        try Data("TOKEN=y\n".utf8).write(to: out.appendingPathComponent("telemetry/.env"))
        try manager.createSymbolicLink(atPath: out.appendingPathComponent("etc-dir").path, withDestinationPath: "/etc")
        try manager.createSymbolicLink(
            atPath: out.appendingPathComponent("alias.html").path, withDestinationPath: "index.html")
        let planted = [".git", ".secret", "telemetry/.env", "etc-dir", "alias.html"]
        let target = fixture.site.folder.appendingPathComponent("published")
        for extra in [[], ["--full"]] {
            let report = try fixture.publish(to: target.path, extra)
            if extra.isEmpty { #expect(report["sent"] as? Int ?? 0 > 10) }
            for path in planted {
                let there = (try? manager.attributesOfItem(atPath: target.appendingPathComponent(path).path)) != nil
                #expect(!there, "\(path) was published with \(extra)")
            }
            #expect(manager.fileExists(atPath: target.appendingPathComponent("index.html").path))
        }
        _ = try fixture.grow(trades: 2, seed: 31)
        _ = try fixture.publish(to: target.path)
        #expect((try? manager.attributesOfItem(atPath: target.appendingPathComponent(".secret").path)) == nil)
        let verify = try ToolRun.run(fixture.arguments(to: target.path, ["--verify"]))
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("holds exactly the site"))
    }
}
