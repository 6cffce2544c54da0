internal import CFileSwap
import Foundation
import Glibc

/// Where a build writes. A full build writes a staging folder beside the target and swaps it in
/// with one atomic exchange of the two paths, so a build killed at any point leaves the previous
/// site whole. An incremental build replaces files in place, each through a temporary file and
/// a rename, so every page is always whole; its manifest is saved last, so a killed incremental
/// build is redone by the next one.
final class SiteOutput {
    let target: URL
    /// The folder pages are written into (staging for full builds, the target otherwise).
    let root: URL
    let staged: Bool
    /// Relative paths written (changed) by this build.
    private(set) var written: [String] = []
    /// Folders known to exist (saves a `mkdir -p` walk per file).
    private var folders: Set<String> = []

    init(target: URL, full: Bool) throws {
        self.target = target.standardizedFileURL
        let manager = FileManager.default
        try Self.checkOwnership(of: self.target)
        Self.removeStaleStaging(beside: self.target)
        staged = full || !manager.fileExists(atPath: self.target.path)
        if staged {
            let name = ".\(self.target.lastPathComponent).staging-\(getpid())"
            root = self.target.deletingLastPathComponent().appendingPathComponent(name, isDirectory: true)
            try? manager.removeItem(at: root)
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            // Keep entries such as .gitkeep that the site's owner put at the top.
            for entry in (try? manager.contentsOfDirectory(atPath: self.target.path)) ?? [] where entry.hasPrefix(".") {
                try? manager.copyItem(
                    at: self.target.appendingPathComponent(entry), to: root.appendingPathComponent(entry))
            }
        } else {
            root = self.target
        }
    }

    /// Writes `content` at `path` (relative, `/`-separated) unless the file already holds it.
    func write(_ path: String, _ content: String) throws {
        try write(path, Data(content.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        precondition(!path.split(separator: "/").contains(".."), "path escapes the site: \(path)")
        let url = root.appendingPathComponent(path)
        if !staged, let existing = FileManager.default.contents(atPath: url.path), existing == data {
            return
        }
        let folder = url.deletingLastPathComponent().path
        if !folders.contains(folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            folders.insert(folder)
        }
        if staged {
            // A fresh staging folder: a plain create-and-write, no temporary file needed.
            try Self.writeNew(url.path, data)
        } else {
            try data.write(to: url, options: .atomic)
        }
        written.append(path)
    }

    private static func writeNew(_ path: String, _ data: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
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
        guard staged else { return }
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) {
            if telemetry_site_exchange_paths(root.path, target.path) == 0 {
                try manager.removeItem(at: root)
                return
            }
            // No atomic exchange on this file system: two renames, the old site kept until the end.
            let old = target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).old-\(getpid())")
            try manager.moveItem(at: target, to: old)
            try manager.moveItem(at: root, to: target)
            try? manager.removeItem(at: old)
        } else {
            try manager.moveItem(at: root, to: target)
        }
    }

    /// Drops a staged build that failed.
    func abandon() {
        if staged { try? FileManager.default.removeItem(at: root) }
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
        let prefixes = [".\(target.lastPathComponent).staging-", ".\(target.lastPathComponent).old-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where prefixes.contains(where: entry.hasPrefix) {
            let pid = Int32(entry.split(separator: "-").last ?? "") ?? 0
            if pid != getpid() && (pid <= 0 || kill(pid, 0) != 0) {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
    }
}

/// A build failure, naming the step it happened in.
public struct SiteBuildError: Error, CustomStringConvertible, Sendable {
    public var step: String
    public var message: String
    public var description: String { "\(step): \(message)" }
}
