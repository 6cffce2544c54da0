import Foundation
import SiteOutput
import TestSupport
import Testing

/// A publish changes a live target: at every instant, every link a reader of the target can
/// follow must resolve. The publish (and its rsync) is frozen with SIGSTOP at many points, and
/// killed with SIGKILL at others, with the daemon's receiver frozen while the target is
/// crawled, so the crawl sees exactly what a reader would.
@Suite struct KilledPublishTests {
    @Test func everyLinkOfTheTargetResolvesAtEveryInstantOfAPublish() throws {
        let fixture = try PublishFixture(trades: 40, seed: 31)
        let daemon = try RsyncDaemon()
        defer { daemon.stop() }
        _ = try fixture.publish(to: daemon.url)
        let crawler = LinkCrawler(root: daemon.folder)
        #expect(crawler.brokenLinks().broken == [])
        var frozenMidway = 0
        var killedMidway = 0
        var samples = 0
        for round in 0..<3 {
            _ = try fixture.grow(trades: 30, seed: UInt64(40 + round))
            let before = PublishFixture.fileCount(daemon.folder)
            let publish = try fixture.startPublish(to: daemon.url, ["--bwlimit", "1500"])
            // Whatever happens below, nothing of this publish outlives the round (frozen or not).
            defer {
                kill(-publish.pid, SIGCONT)
                kill(-publish.pid, SIGKILL)
            }
            if round == 0 {
                // Freeze it at growing intervals (2 ms, then 30 % longer, at most 200 ms).
                var interval = 2_000.0
                sampling: while true {
                    usleep(useconds_t(interval))
                    interval = min(interval * 1.3, 200_000)
                    switch Self.freeze(publish.pid) {
                    case .ended: break sampling
                    case .missed: continue sampling
                    case .stopped: break
                    }
                    daemon.freeze(true)
                    let broken = crawler.brokenLinks().broken
                    #expect(broken == [], "sample \(frozenMidway): \(broken.prefix(5))")
                    if PublishFixture.fileCount(daemon.folder) != before { frozenMidway += 1 }
                    samples += 1
                    daemon.freeze(false)
                    kill(-publish.pid, SIGCONT)
                }
                _ = publish.wait()
                #expect(publish.stdout.contains("published to"), "\(publish.stdout) \(publish.stderr)")
            } else {
                // Killed part-way; the next round's publish (or the last one) finishes the job.
                usleep(useconds_t(400_000 * round))
                kill(-publish.pid, SIGKILL)
                if publish.wait() == 128 + SIGKILL { killedMidway += 1 }
                daemon.freeze(true)
                #expect(crawler.brokenLinks().broken == [], "killed in round \(round)")
                daemon.freeze(false)
            }
        }
        let last = try fixture.publish(to: daemon.url)
        #expect(last["whole"] as? Bool == false)
        #expect(crawler.brokenLinks().broken == [])
        let target = try fixture.site.snapshot(of: daemon.folder)
        let site = try fixture.site.snapshot()
        let differing = Set(target.keys).symmetricDifference(site.keys).union(
            site.keys.filter { target[$0] != nil && target[$0] != site[$0] })
        #expect(
            differing.isEmpty,
            "only on the target: \(differing.filter { site[$0] == nil }.sorted().prefix(5)); only in the site: \(differing.filter { target[$0] == nil }.sorted().prefix(5)); different: \(differing.filter { site[$0] != nil && target[$0] != nil }.sorted().prefix(5))"
        )
        #expect(frozenMidway > 0, "samples: \(samples)")
        #expect(killedMidway > 0)
    }

    enum Freeze { case stopped, ended, missed }

    /// Stops the publish's process group and waits (at most 2 s) until the kernel says it has
    /// stopped. A SIGSTOP that lands while the publish is starting rsync stops the child
    /// `posix_spawn` made before it has run rsync, and the thread that made it waits for it: the
    /// stop never completes. Such a stop is let go (SIGCONT) and reported missed.
    static func freeze(_ pid: pid_t) -> Freeze {
        guard kill(-pid, SIGSTOP) == 0 else { return .ended }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WUNTRACED | WNOHANG)
            if result == pid { return (status & 0xff) == 0x7f ? .stopped : .ended }
            if result == -1 { return .ended }
            usleep(1_000)
        }
        kill(-pid, SIGCONT)
        return .missed
    }

    /// A build killed part-way leaves pages its list never finished naming: its list is torn,
    /// and the next publish syncs the whole tree (in the same safe order), so the target still
    /// ends up holding exactly the site.
    @Test func aPublishAfterAKilledBuildSyncsTheWholeTree() throws {
        let fixture = try PublishFixture(trades: 20, seed: 32)
        let target = fixture.site.folder.appendingPathComponent("published")
        _ = try fixture.publish(to: target.path)
        try fixture.addRows(trades: 60, seed: 33)
        let log = ChangeLog(site: fixture.site.out, stateDirectory: fixture.site.state)
        let build = try Spawned(
            program: ToolRun.executable.path,
            [
                "build", "--out", fixture.site.out.path, "--state-dir", fixture.site.state.path, "--templates",
                SiteFixture.templates.path,
            ], environment: ["DATABASE_URL": fixture.site.database.url])
        // Killed once its change list is under way (its pages are being written).
        let deadline = Date().addingTimeInterval(120)
        while !((try? FileManager.default.contentsOfDirectory(atPath: log.folder.path)) ?? []).contains(where: {
            $0.contains(".partial-")
        }) {
            try #require(Date() < deadline, "the build never started its change list")
            usleep(1_000)
        }
        kill(build.pid, SIGKILL)
        try #require(build.wait() == 128 + SIGKILL, "the build ended before it could be killed")
        let report = try fixture.publish(to: target.path)
        #expect(report["whole"] as? Bool == true)
        #expect((report["reason"] as? String)?.contains("did not finish") == true, "\(report)")
        #expect(try log.lists().contains { $0.kind == .torn } == false, "every target has it: pruned")
        #expect(try fixture.site.snapshot(of: target) == fixture.site.snapshot())
        #expect(LinkCrawler(root: target).brokenLinks().broken == [])
    }
}
