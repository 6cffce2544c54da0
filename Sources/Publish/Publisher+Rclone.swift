import Foundation
import SiteOutput
import SystemIO

/// The plan's steps on an rclone remote. Each step is one rclone run per header class (see
/// ``UploadHeaders``), with the headers set at upload. Each step logs to its own journal in
/// the plan's folder: a step run again (a publish resumed after rclone or we were killed)
/// leaves out what the journal says arrived, on any backend, whether it keeps hashes or not.
extension Publisher {
    /// What an rclone step did (the paths a CDN must purge are read from its journal).
    struct RcloneOutcome {
        var sent = 0
        var deleted = 0
    }

    func runRclone(_ step: PublishPlan.Step, index: Int, rclone: Rclone, listing: SiteListing) throws
        -> RcloneOutcome
    {
        try PrivateFiles.createFolder(planFolder.path)
        let log = planFolder.appendingPathComponent("step-\(index).log")
        let arrived = Set(Rclone.journal(log).copied)
        switch step {
        case .send(_, let list, _):
            let paths = try Self.readList(planFolder.appendingPathComponent(list)).filter { !arrived.contains($0) }
            // The target has had a whole publish: its bucket exists (one request less per run).
            let known = ["--s3-no-check-bucket", "--gcs-no-check-bucket"]
            return try upload(
                paths, step: index, rclone: rclone, compare: ["--no-check-dest", "--retries", "1"] + known)
        case .remove(let list, _):
            return try delete(try Self.readList(planFolder.appendingPathComponent(list)), step: index, rclone: rclone)
        case .treeNew:
            // One listing of the target, not a request per file (rclone checks each file of a
            // --files-from list on its own): what the target lacks goes up unchecked.
            let present = Set(try remoteFiles(rclone))
            let paths = try listing.files().filter {
                !ChangeTier.isFront($0) && !arrived.contains($0) && !present.contains($0)
            }
            return try upload(paths, step: index, rclone: rclone, compare: ["--no-check-dest", "--retries", "1"])
        case .treeChanged:
            // What this plan already sent (in its first step) is not looked at again.
            let sent = (0..<index).reduce(into: arrived) { sent, earlier in
                sent.formUnion(Rclone.journal(planFolder.appendingPathComponent("step-\(earlier).log")).copied)
            }
            let paths = try listing.files().filter { !ChangeTier.isFront($0) && !sent.contains($0) }
            // Without hashes on the remote, rclone would call two files of one size equal:
            // then every file is sent again, rather than a changed one missed. `--full` alone
            // sends every file again too (their headers are set anew: a new --page-max-age).
            let again = forceWhole && !checksum
            let compare =
                try again || rclone.hashes(of: target.remoteName).isEmpty ? ["--ignore-times"] : ["--checksum"]
            return try upload(paths, step: index, rclone: rclone, compare: compare)
        case .treeFront:
            let paths = frontFiles().filter { !arrived.contains($0) }
            return try upload(paths, step: index, rclone: rclone, compare: ["--no-check-dest", "--retries", "1"])
        case .treeDelete:
            let site = Set(try listing.files())
            let extra = try remoteFiles(rclone).filter {
                !site.contains($0) && !$0.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            }
            return try delete(extra, step: index, rclone: rclone)
        }
    }

    /// Every file on the target, in one listing (none when its bucket or folder does not exist
    /// yet: rclone's exit 3, "directory not found").
    private func remoteFiles(_ rclone: Rclone) throws -> [String] {
        let listing = try rclone.output(
            ["lsf", "-R", "--files-only", "--fast-list", target.destination], allowed: [3])
        return listing.status == 3 ? [] : listing.output.split(separator: "\n").map(String.init)
    }

    /// Uploads `paths`, one rclone run per header class, comparing with the target as
    /// `compare` says.
    private func upload(_ paths: [String], step: Int, rclone: Rclone, compare: [String]) throws -> RcloneOutcome {
        var groups: [UploadHeaders: [String]] = [:]
        for path in paths { groups[UploadHeaders(path: path, pageMaxAge: pageMaxAge), default: []].append(path) }
        var outcome = RcloneOutcome()
        for (number, (headers, group)) in groups.sorted(by: { $0.key < $1.key }).enumerated() {
            let list = try writeList(group, name: "step-\(step)-\(number).txt")
            let journal = try rclone.run(
                // --no-update-modtime: an object equal by hash is left as it is (on S3, setting its
                // time is a copy onto itself that could drop the headers).
                // --s3-no-head: no HEAD after each PUT (its 200 and ETag are the answer; --verify
                // compares every object by checksum).
                [
                    "copy", site.path, target.destination, "--files-from-raw", list.path, "--skip-links",
                    "--no-update-modtime", "--s3-no-head",
                ]
                    + compare
                    + headers.rcloneArguments,
                log: planFolder.appendingPathComponent("step-\(step).log"))
            outcome.sent += journal.transfers
        }
        return outcome
    }

    private func delete(_ paths: [String], step: Int, rclone: Rclone) throws -> RcloneOutcome {
        guard !paths.isEmpty else { return RcloneOutcome() }
        let list = try writeList(paths, name: "step-\(step)-delete.txt")
        let journal = try rclone.run(
            ["delete", target.destination, "--files-from-raw", list.path],
            log: planFolder.appendingPathComponent("step-\(step).log"))
        return RcloneOutcome(sent: 0, deleted: journal.deletes)
    }

    /// Writes `paths` one per line, as `--files-from-raw` reads them.
    private func writeList(_ paths: [String], name: String) throws -> URL {
        if let odd = paths.first(where: { $0.contains("\n") || $0.contains("\r") }) {
            throw PublishError(
                .badFileName, "rclone cannot take a file name with a line break: \(odd.debugDescription)")
        }
        try PrivateFiles.createFolder(planFolder.path)
        let url = planFolder.appendingPathComponent(name)
        try FileIO.write(Array(paths.joined(separator: "\n").utf8) + [0x0A], to: url.path, mode: 0o600)
        return url
    }

    /// A plan's NUL-separated list.
    static func readList(_ url: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PublishError(.badState, "\(url.path) is missing; publish with --full to start over")
        }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every regular file of the site, by path: no dotfile or dot-folder, no symbolic link.
    func siteFiles() throws -> [String] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard
            let walker = FileManager.default.enumerator(
                at: site, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { throw PublishError(.noSite, "cannot read \(site.path)") }
        let prefix = site.path.count + 1
        var paths: [String] = []
        while let url = walker.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: Set(keys))
            guard values.isRegularFile == true, values.isSymbolicLink != true else { continue }
            paths.append(String(url.standardizedFileURL.path.dropFirst(prefix)))
        }
        return paths.sorted()
    }
}
