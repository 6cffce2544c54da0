internal import CFileSwap
import Foundation
import Glibc
import Synchronization

/// Where a build writes. A full build writes a staging folder beside the target and swaps it in
/// with one atomic exchange of the two paths, so a build killed at any point leaves the previous
/// site whole. An incremental build replaces files in place, each written in full to a scratch
/// folder beside the target and renamed over the old one, so every page is always whole; its
/// manifest is saved last, so a killed incremental build is redone by the next one. (No fsync per
/// page: a build is redone from the database, so what must survive a crash is the manifest.)
/// Pages may be written from several threads at once.
final class SiteOutput: Sendable {
    let target: URL
    /// The folder pages are written into (staging for full builds, the target otherwise).
    let root: URL
    let staged: Bool
    private let rootPath: String
    /// Incremental builds: where each replacement is written before it is renamed into place.
    private let scratchPath: String
    /// Files written, the relative paths of those changed in place (incremental builds only: a
    /// full build's list would grow with the table), and folders known to exist (saves a
    /// `mkdir -p` walk per file).
    private let state = Mutex<(count: Int, changed: [String], folders: Set<String>)>((0, [], []))
    private let scratchFiles = Atomic<Int>(0)
    /// Creating files in one folder from two threads makes the kernel spin on the folder's lock
    /// (a fifth of the CPU of a full build went to that spinning): batches take the folder's
    /// lock here instead, where a waiting thread sleeps and leaves the core to the others.
    private let folderLocks = (0..<16).map { _ in FolderLock() }

    /// How many files this build wrote.
    var writtenCount: Int { state.withLock { $0.count } }
    /// Relative paths an incremental build changed (empty for a full build).
    var changed: [String] { state.withLock { $0.changed } }

    init(target: URL, full: Bool) throws {
        self.target = target.standardizedFileURL
        let manager = FileManager.default
        try Self.checkOwnership(of: self.target)
        Self.removeStaleStaging(beside: self.target)
        staged = full || !manager.fileExists(atPath: self.target.path)
        if staged {
            let name = ".\(self.target.lastPathComponent).staging-\(getpid())"
            root = self.target.deletingLastPathComponent().appendingPathComponent(name, isDirectory: true)
            try? FolderRemoval.remove(root.path)
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            // Keep entries such as .gitkeep that the site's owner put at the top.
            for entry in (try? manager.contentsOfDirectory(atPath: self.target.path)) ?? [] where entry.hasPrefix(".") {
                try? manager.copyItem(
                    at: self.target.appendingPathComponent(entry), to: root.appendingPathComponent(entry))
            }
        } else {
            root = self.target
        }
        rootPath = root.path
        scratchPath =
            self.target.deletingLastPathComponent().appendingPathComponent(
                ".\(self.target.lastPathComponent).incoming-\(getpid())"
            ).path
        if !staged {
            try? manager.removeItem(atPath: scratchPath)
            try manager.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
        }
    }

    /// Writes a batch of files, holding each folder's lock while writing into it.
    func write(_ files: [(path: String, bytes: [UInt8])]) throws {
        var start = 0
        while start < files.count {
            let folder = Self.folder(of: files[start].path)
            var end = start + 1
            while end < files.count && Self.folder(of: files[end].path) == folder { end += 1 }
            let lock = folderLocks[Int(UInt(bitPattern: folder.hashValue) % UInt(folderLocks.count))]
            try lock.mutex.withLock { _ in
                for file in files[start..<end] { try write(file.path, file.bytes) }
            }
            start = end
        }
    }

    private static func folder(of path: String) -> Substring {
        path[..<(path.lastIndex(of: "/") ?? path.startIndex)]
    }

    /// Writes `content` at `path` (relative, `/`-separated) unless the file already holds it.
    func write(_ path: String, _ content: String) throws {
        try write(path, Array(content.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        try write(path, [UInt8](data))
    }

    func write(_ path: String, _ bytes: [UInt8]) throws {
        precondition(!path.split(separator: "/").contains(".."), "path escapes the site: \(path)")
        let full = rootPath + "/" + path
        if !staged, let existing = FileManager.default.contents(atPath: full), existing.elementsEqual(bytes) {
            return
        }
        if let slash = full.lastIndex(of: "/") {
            let folder = String(full[..<slash])
            if !state.withLock({ $0.folders.contains(folder) }) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                state.withLock { _ = $0.folders.insert(folder) }
            }
        }
        if staged {
            // A fresh staging folder: a plain create-and-write, no temporary file needed.
            try Self.writeNew(full, bytes)
        } else {
            let number = scratchFiles.wrappingAdd(1, ordering: .relaxed).newValue
            let temporary = scratchPath + "/\(number)"
            try Self.writeNew(temporary, bytes)
            guard rename(temporary, full) == 0 else {
                let code = errno
                unlink(temporary)
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [
                        NSFilePathErrorKey: full,
                        NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO),
                    ])
            }
        }
        state.withLock {
            $0.count += 1
            if !staged { $0.changed.append(path) }
        }
    }

    private static func writeNew(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
                offset += count
            }
        }
    }

    /// Swaps a staged build in; the previous site is removed after the exchange.
    func commit() throws {
        guard staged else { return try FileManager.default.removeItem(atPath: scratchPath) }
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) {
            if telemetry_site_exchange_paths(root.path, target.path) == 0 {
                try FolderRemoval.remove(root.path)
                return
            }
            // No atomic exchange on this file system: two renames, the old site kept until the end.
            let old = target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).old-\(getpid())")
            try manager.moveItem(at: target, to: old)
            try manager.moveItem(at: root, to: target)
            try? FolderRemoval.remove(old.path)
        } else {
            try manager.moveItem(at: root, to: target)
        }
    }

    /// Drops a staged build that failed.
    func abandon() {
        try? FolderRemoval.remove(staged ? root.path : scratchPath)
    }

    /// Refuses to take over a folder that holds files but is not a site we built.
    static func checkOwnership(of target: URL) throws {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: target.path) else { return }
        let visible = entries.filter { !$0.hasPrefix(".") }
        if !visible.isEmpty && !entries.contains("build.json") {
            throw SiteBuildError(
                step: "prepare output",
                message:
                    "\(target.path) holds files that telemetry-site did not build; choose an empty folder for --out")
        }
    }

    static func removeStaleStaging(beside target: URL) {
        let parent = target.deletingLastPathComponent()
        let prefixes = ["staging", "old", "incoming"].map { ".\(target.lastPathComponent).\($0)-" }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where prefixes.contains(where: entry.hasPrefix) {
            let pid = Int32(entry.split(separator: "-").last ?? "") ?? 0
            if pid != getpid() && (pid <= 0 || kill(pid, 0) != 0) {
                try? FolderRemoval.remove(parent.appendingPathComponent(entry).path)
            }
        }
    }
}

final class FolderLock: Sendable {
    let mutex = Mutex(())
}

/// A build failure, naming the step it happened in.
public struct SiteBuildError: Error, CustomStringConvertible, Sendable {
    public var step: String
    public var message: String
    public var description: String { "\(step): \(message)" }
}
