public import Foundation
import Hashing
public import SystemIO

/// The change lists of one site folder, kept in the state folder: one per build, numbered in
/// build order. `publish` applies the lists after the one a target last received.
///
/// A list is a folder named by its number once complete; `<seq>.partial-<pid>` while its build
/// runs; `<seq>.torn` when its build died (``adoptAbandoned()``). The lock (``lock()``) is held
/// by a build and by a publish of the site, so neither sees the other half done.
public struct ChangeLog: Sendable {
    /// The folder of the lists.
    public let folder: URL

    /// The log of `site` in `stateDirectory`.
    public init(site: URL, stateDirectory: URL) {
        let key = Hashing.sha256Hex(site.standardizedFileURL.path, count: 8)
        folder = stateDirectory.appendingPathComponent("site").appendingPathComponent("\(key).changes")
    }

    /// Takes the site's lock (waiting for a build or publish that holds it).
    public func lock() throws -> FileLock {
        try PrivateFiles.createFolder(folder.path)
        return try FileLock(path: folder.appendingPathComponent("lock").path)
    }

    /// Starts the list of a new build (after marking the lists of dead builds torn).
    public func begin() throws -> ChangeRecorder {
        try adoptAbandoned()
        let seq = (try lastSeq()) + 1
        try PrivateFiles.write(Array("\(seq)\n".utf8), to: folder.appendingPathComponent("seq").path)
        let partial = folder.appendingPathComponent("\(seq).partial-\(ProcessIdentity.current)")
        try PrivateFiles.createFolder(partial.path)
        return ChangeRecorder(log: self, seq: seq, folder: partial)
    }

    /// The highest number given to a list (kept in `seq`, so pruning never reuses one).
    public func lastSeq() throws -> Int {
        let counter =
            (try? String(contentsOf: folder.appendingPathComponent("seq"), encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        return max(counter, try names().compactMap(Self.seq).max() ?? 0)
    }

    /// Every list that is complete or torn, oldest first.
    public func lists() throws -> [ChangeList] {
        var lists: [ChangeList] = []
        for name in try names() {
            guard let seq = Self.seq(of: name) else { continue }
            let url = folder.appendingPathComponent(name)
            if name == "\(seq)" {
                let data = try Data(contentsOf: url.appendingPathComponent("info.json"))
                let info = try JSONDecoder().decode(ChangeList.Info.self, from: data)
                lists.append(ChangeList(seq: seq, kind: info.kind, folder: url))
            } else if name == "\(seq).torn" {
                lists.append(ChangeList(seq: seq, kind: .torn, folder: url))
            }
        }
        return lists.sorted { $0.seq < $1.seq }
    }

    /// Marks torn the partial lists of builds that are no longer running.
    public func adoptAbandoned() throws {
        for name in try names() where name.contains(".partial-") {
            let pid = Int32(name.split(separator: "-").last ?? "") ?? 0
            guard pid != ProcessIdentity.current, !ProcessIdentity.isAlive(pid), let seq = Self.seq(of: name) else {
                continue
            }
            try FileIO.rename(
                folder.appendingPathComponent(name).path, to: folder.appendingPathComponent("\(seq).torn").path)
        }
    }

    /// Records that the target keyed `target` has received every list up to `seq`.
    public func markReceived(target: String, seq: Int) throws {
        let folder = self.folder.appendingPathComponent("received")
        try PrivateFiles.write(Array("\(seq)\n".utf8), to: folder.appendingPathComponent(target).path)
    }

    /// Removes the lists every target has received; with no target yet, all but the newest
    /// (a target's first publish syncs the whole tree: it needs no list).
    public func pruneReceived() throws {
        let folder = self.folder.appendingPathComponent("received")
        let received = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).compactMap {
            (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)).flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        try prune(through: received.min() ?? (try lastSeq() - 1))
    }

    /// Removes the lists numbered `seq` and below.
    public func prune(through seq: Int) throws {
        for list in try lists() where list.seq <= seq {
            try FolderRemoval.remove(list.folder.path)
        }
    }

    func complete(_ recorder: ChangeRecorder, info: ChangeList.Info) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try PrivateFiles.write(
            Array(try encoder.encode(info)), to: recorder.folder.appendingPathComponent("info.json").path)
        try FileIO.rename(recorder.folder.path, to: folder.appendingPathComponent("\(recorder.seq)").path)
    }

    func drop(_ recorder: ChangeRecorder, keepAsTorn: Bool) {
        if keepAsTorn {
            try? FileIO.rename(recorder.folder.path, to: folder.appendingPathComponent("\(recorder.seq).torn").path)
        } else {
            try? FolderRemoval.remove(recorder.folder.path)
        }
    }

    private func names() throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    }

    /// The number a list folder's name starts with.
    static func seq(of name: String) -> Int? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }
}
