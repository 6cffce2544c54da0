public import Foundation
import SiteOutput
import SystemIO

/// What a publish did.
public struct PublishReport: Codable, Sendable {
    /// The target published to.
    public var target: String
    /// The change list the target now has.
    public var seq: Int
    /// Whether the whole tree was synced, and why.
    public var whole: Bool
    /// Why the whole tree (nil: the change lists).
    public var reason: String?
    /// Files sent.
    public var sent: Int
    /// Files removed from the target.
    public var deleted: Int
    /// Whether an interrupted publish was resumed (and at which step).
    public var resumedAtStep: Int?
    /// Wall time in milliseconds.
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case target, seq, whole, reason, sent, deleted
        case resumedAtStep = "resumed_at_step", durationMs = "duration_ms"
    }

    /// Every key, `null` where there is no value: a script reads `reason` and `resumed_at_step`
    /// without asking whether they are there.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encode(seq, forKey: .seq)
        try container.encode(whole, forKey: .whole)
        try container.encode(reason, forKey: .reason)
        try container.encode(sent, forKey: .sent)
        try container.encode(deleted, forKey: .deleted)
        try container.encode(resumedAtStep, forKey: .resumedAtStep)
        try container.encode(durationMs, forKey: .durationMs)
    }
}

/// Applies the site's change lists to a target, in upload-safe order, one rsync run per step.
public struct Publisher: Sendable {
    /// The built site.
    public var site: URL
    /// The tool's state folder (the site's change lists; each target's record).
    public var stateDirectory: URL
    /// Where to publish.
    public var target: PublishTarget
    /// Sync the whole tree whatever the lists say.
    public var forceWhole = false
    /// Compare file contents rather than size and time when syncing the whole tree.
    public var checksum = false
    /// rsync's (or rclone's) `--bwlimit` in KiB/s (nil: no limit).
    public var bandwidthLimit: Int?
    /// The `max-age` of pages and data files uploaded to an rclone target, in seconds.
    public var pageMaxAge = UploadHeaders.defaultPageMaxAge
    /// Where to write the URL paths a CDN must purge (see ``Invalidations``); nil: nowhere.
    public var invalidations: URL?

    /// A publisher of `site` to `target`.
    public init(site: URL, stateDirectory: URL, target: PublishTarget) {
        self.site = site.standardizedFileURL
        self.stateDirectory = stateDirectory
        self.target = target
    }

    var log: ChangeLog { ChangeLog(site: site, stateDirectory: stateDirectory) }
    var recordURL: URL { stateDirectory.appendingPathComponent("publish").appendingPathComponent("\(target.key).json") }
    var planFolder: URL {
        stateDirectory.appendingPathComponent("publish").appendingPathComponent("\(target.key).plan")
    }

    /// Publishes what changed since the target's last publish (holding the site's lock, so no
    /// build changes the site meanwhile).
    public func publish() throws -> PublishReport {
        let clock = ContinuousClock()
        let start = clock.now
        guard FileManager.default.fileExists(atPath: site.appendingPathComponent("build.json").path) else {
            throw PublishError(.noSite, "\(site.path) holds no built site: run telemetry-site build first")
        }
        let transport = try configuredTransport()
        let lock = try log.lock()
        defer { lock.unlock() }
        try log.adoptAbandoned()
        try PrivateFiles.createFolder(recordURL.deletingLastPathComponent().path)
        var record = try PublishRecord.load(recordURL) ?? PublishRecord(target: target.description, site: site.path)
        let lastSeq = try log.lastSeq()
        var resumedAt: Int?
        let pending: PublishRecord.Pending
        if let previous = record.pending, previous.plan.toSeq == lastSeq, !forceWhole, listsPresent(previous.plan) {
            pending = previous
            resumedAt = previous.done
        } else {
            let unfinished = try unfinishedPublish(record.pending)
            try? FolderRemoval.remove(planFolder.path)
            let plan = try PublishPlan.make(
                from: record.seq, lists: try log.lists(), lastSeq: lastSeq, site: site, folder: planFolder,
                forceWhole: forceWhole, unfinished: unfinished)
            pending = PublishRecord.Pending(plan: plan, done: 0)
        }
        record.pending = pending
        try record.save(recordURL)
        var (sent, deleted) = (0, 0)
        let listing = SiteListing { try siteFiles() }
        for index in pending.done..<pending.plan.steps.count {
            let outcome: (sent: Int, deleted: Int)
            do {
                outcome = try run(pending.plan.steps[index], index: index, transport: transport, listing: listing)
            } catch {
                throw PublishError(
                    .stepFailed,
                    "\(error)\n(step \(index + 1) of \(pending.plan.steps.count); publish again to resume there)",
                    underlying: error)
            }
            sent += outcome.sent
            deleted += outcome.deleted
            record.pending?.done = index + 1
            try record.save(recordURL)
        }
        let report = PublishReport(
            target: target.description, seq: lastSeq, whole: pending.plan.whole, reason: pending.plan.reason,
            sent: sent, deleted: deleted, resumedAtStep: resumedAt, durationMs: Self.milliseconds(clock.now - start))
        if let invalidations {
            try Invalidations(target: target.description, seq: lastSeq, paths: try purged(pending.plan))
                .write(to: invalidations)
        }
        try finish(&record, report)
        return report
    }

    /// Whether every list `plan`'s steps read is in the plan folder.
    func listsPresent(_ plan: PublishPlan) -> Bool {
        plan.steps.allSatisfy { step in
            switch step {
            case .send(_, let list, _), .remove(let list, _):
                FileIO.exists(planFolder.appendingPathComponent(list).path)
            default: true
            }
        }
    }

    /// What the publish `pending` (started, not finished, now replaced by a plan that takes in
    /// newer builds) may have left on the target: every path its lists named, since it may
    /// have sent some of its new files before it stopped and not yet removed what it was to.
    func unfinishedPublish(_ pending: PublishRecord.Pending?) throws -> PublishPlan.Unfinished {
        guard let pending else { return .none }
        // A publish killed while it replaced the plan folder leaves the record naming lists that
        // are gone: what it may have left is unknown, so the next publish syncs the whole tree.
        if pending.plan.whole || !listsPresent(pending.plan) { return .whole }
        var paths: Set<String> = []
        for step in pending.plan.steps {
            switch step {
            case .send(_, let list, _), .remove(let list, _):
                paths.formUnion(try Self.readList(planFolder.appendingPathComponent(list)))
            default: continue
            }
        }
        return .paths(paths)
    }

    /// The program that moves the bytes to this target.
    enum Transport {
        case rsync(Rsync)
        case rclone(Rclone)
    }

    func configuredTransport() throws -> Transport {
        if target.kind == .rclone {
            var rclone = try Rclone.locate()
            if let bandwidthLimit { rclone.common += ["--bwlimit", "\(bandwidthLimit)K"] }
            return .rclone(rclone)
        }
        var rsync = try Rsync.locate()
        if let bandwidthLimit { rsync.common.append("--bwlimit=\(bandwidthLimit)") }
        return .rsync(rsync)
    }

    /// The URL paths a CDN must purge once `plan` is done: the files of its lists that replaced
    /// or removed published ones; for a whole-tree plan, what rclone's journals say it replaced
    /// or deleted (rsync's whole-tree runs do not say: everything, `/*`).
    private func purged(_ plan: PublishPlan) throws -> [String] {
        let front = frontFiles()
        guard plan.whole else {
            var files: [String] = []
            for step in plan.steps {
                switch step {
                case .send(let tier, let list, _) where tier != ChangeTier.added.rawValue:
                    files += try Self.readList(planFolder.appendingPathComponent(list))
                case .remove(let list, _):
                    files += try Self.readList(planFolder.appendingPathComponent(list))
                default: continue
                }
            }
            return Invalidations.paths(for: files, front: front)
        }
        guard target.kind == .rclone else { return ["/*"] }
        var files: [String] = []
        for index in plan.steps.indices {
            let journal = Rclone.journal(planFolder.appendingPathComponent("step-\(index).log"))
            files += journal.replaced + journal.deleted
        }
        return Invalidations.paths(for: files, front: front)
    }

    /// The site's front files (`ChangeTier.isFront`): the index, `build.json` and the feeds,
    /// found where they are, not by walking the whole site.
    func frontFiles() -> [String] {
        func isFile(_ path: String) -> Bool {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path, isDirectory: &folder)
                && !folder.boolValue
        }
        let feeds =
            (try? FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("feeds").path)) ?? []
        let candidates =
            ["index.html", "index.md", "build.json"] + feeds.filter { !$0.hasPrefix(".") }.map { "feeds/\($0)" }
        return candidates.filter { ChangeTier.isFront($0) && isFile($0) }.sorted()
    }

    /// Records the publish and drops the lists every target has received.
    private func finish(_ record: inout PublishRecord, _ report: PublishReport) throws {
        record.seq = report.seq
        record.pending = nil
        record.history.append(
            .init(
                seq: report.seq, at: ISO8601DateFormatter().string(from: Date()), whole: report.whole,
                sent: report.sent,
                deleted: report.deleted, resumed: report.resumedAtStep != nil, durationMs: report.durationMs))
        record.history = Array(record.history.suffix(PublishRecord.historyLimit))
        try record.save(recordURL)
        try? FolderRemoval.remove(planFolder.path)
        try log.markReceived(target: target.key, seq: report.seq)
        try log.pruneReceived()
    }

    private func run(_ step: PublishPlan.Step, index: Int, transport: Transport, listing: SiteListing) throws -> (
        sent: Int, deleted: Int
    ) {
        switch transport {
        case .rsync(let rsync): return try run(step, rsync: rsync)
        case .rclone(let rclone):
            let outcome = try runRclone(step, index: index, rclone: rclone, listing: listing)
            return (outcome.sent, outcome.deleted)
        }
    }

    private func run(_ step: PublishPlan.Step, rsync: Rsync) throws -> (sent: Int, deleted: Int) {
        let source = site.path + "/"
        let front = ["/index.html", "/index.md", "/build.json", "/feeds/"].map { "--exclude=\($0)" }
        // rsync's quick check compares times to the second: a file rewritten in the second it was
        // published, at the same size, would be skipped. Listed files are compared by content
        // (only they are read; a resumed step skips what had arrived); the whole tree by size and
        // time to the nanosecond, or by content with --checksum.
        let tree = ["-rlpt"] + (checksum ? ["--checksum"] : ["--modify-window=-1"])
        switch step {
        case .send(_, let list, _):
            return try rsync.count(
                ["-lpt", "--checksum", "--from0", "--files-from=\(planFolder.appendingPathComponent(list).path)"],
                source: source, destination: target.destination)
        case .remove(let list, _):
            // rsync's statistics leave out what --delete-missing-args deletes: its itemized lines
            // (one per removed file: few) say it.
            let removed = try rsync.itemize(
                [
                    "-lpt", "--from0", "--delete-missing-args",
                    "--files-from=\(planFolder.appendingPathComponent(list).path)",
                ],
                source: source, destination: target.destination)
            return (0, removed.deleted.count)
        case .treeNew:
            return try rsync.count(
                tree + ["--ignore-existing"] + front, source: source, destination: target.destination)
        case .treeChanged:
            return try rsync.count(tree + front, source: source, destination: target.destination)
        case .treeFront:
            return try rsync.count(
                tree + [
                    "--include=/index.html", "--include=/index.md", "--include=/build.json", "--include=/feeds/",
                    "--include=/feeds/**", "--exclude=*",
                ], source: source, destination: target.destination)
        case .treeDelete:
            return try rsync.count(
                tree + ["--delete", "--existing", "--ignore-existing"], source: source, destination: target.destination)
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
