import DemoData
import Foundation
import SiteBuilder
import Telemetry
import TestSupport

/// A built site, and `telemetry-site publish` run on it as a user would.
struct PublishFixture {
    let site: SiteFixture

    /// A seeded, backfilled, built site.
    init(trades: Int = 40, seed: UInt64 = 21) throws {
        site = try SiteFixture(try TestDatabase.seeded(trades: trades, seed: seed))
        _ = site.backfill()
        try site.build()
    }

    /// New rows (`trades` more trades), backfilled and built incrementally; the paths the
    /// build wrote (the report's list and `build.json`, written after it) and removed.
    func grow(trades: Int, seed: UInt64) throws -> (written: Set<String>, removed: Set<String>) {
        try addRows(trades: trades, seed: seed)
        let changed = Set(try site.build().changedFiles + ["build.json"])
        let written = changed.filter {
            FileManager.default.fileExists(atPath: site.out.appendingPathComponent($0).path)
        }
        return (written, changed.subtracting(written))
    }

    /// New signals for `trades` more trades, backfilled into telemetry rows (not built).
    func addRows(trades: Int, seed: UInt64) throws {
        _ = try Seeder(connection: try site.database.connect()).seed(.init(trades: trades, seed: seed, append: true))
        _ = site.backfill()
    }

    func arguments(to target: String, _ extra: [String] = []) -> [String] {
        ["publish", "--out", site.out.path, "--state-dir", site.state.path, "--to", target] + extra
    }

    /// Runs `publish --json` to its end (with `environment` added to ours); its report.
    func publish(to target: String, _ extra: [String] = [], _ environment: [String: String] = [:]) throws
        -> [String: Any]
    {
        let run = try ToolRun.run(arguments(to: target, extra + ["--json"]), environment: environment)
        guard run.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        else {
            throw CocoaError(
                .featureUnsupported,
                userInfo: [NSLocalizedDescriptionKey: "publish failed: \(run.stdout) \(run.stderr)"])
        }
        return object
    }

    /// Starts `publish` in a session of its own (so one signal reaches it and its rsync).
    /// Returns once the session (and its process group, numbered by the pid) exists.
    func startPublish(to target: String, _ extra: [String] = [], _ environment: [String: String] = [:]) throws
        -> Spawned
    {
        let process = try Spawned(
            program: "/usr/bin/setsid", [ToolRun.executable.path] + arguments(to: target, extra),
            environment: environment)
        let deadline = Date().addingTimeInterval(10)
        while getpgid(process.pid) != process.pid && Date() < deadline { usleep(200) }
        return process
    }

    /// Starts a publish to `daemon` slowed to 200 KiB/s and kills it (with its rsync) once
    /// `files` files are in the daemon's folder.
    func killSlowPublish(to daemon: RsyncDaemon, afterFiles files: Int) throws {
        let slow = try startPublish(to: daemon.url, ["--bwlimit", "200"])
        defer { kill(-slow.pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(120)
        while Self.fileCount(daemon.folder) < files {
            guard Date() < deadline else {
                throw CocoaError(
                    .featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "the publish sent nothing in 120 s"])
            }
            usleep(20_000)
        }
        kill(-slow.pid, SIGKILL)
        guard slow.wait() == 128 + SIGKILL else {
            throw CocoaError(
                .featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "the publish ended before it was killed"])
        }
    }

    /// Regular files under `folder`, rsync's temporary files (dot-named) aside.
    static func fileCount(_ folder: URL) -> Int {
        var count = 0
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            if !url.lastPathComponent.hasPrefix("."),
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            {
                count += 1
            }
        }
        return count
    }
}
