public import Foundation
import Hashing
import SystemIO

/// Where a build writes, and the order in which what it writes becomes visible.
///
/// A full build writes a staging folder beside the target and swaps it in with one atomic
/// exchange of the two paths, so a build killed at any point leaves the previous site whole.
///
/// An incremental build must keep every link of the published site resolving at every instant.
/// Every page is written whole in a scratch folder beside the target, then:
/// - a page that did not exist is renamed into place at once: nothing published links to it yet
///   (its links may point at other new pages; they all exist before anything links to them);
/// - a page that replaces an existing one waits in the scratch folder until ``commit()``, when
///   every new page is in place; only then are the replacements (which add the links to the new
///   pages: the archive, the previous newest row, trades, errors, runs, the index) renamed in;
/// - removals come last.
/// The replacements and removals are written to a journal (`CommitJournal`) before the first
/// rename, so that the next build finishes a commit that a kill interrupted
/// (`finishInterruptedCommit(of:)`); a build killed before its commit is redone by the next.
/// (No fsync per page: a build is redone from the database, so what must survive a crash is the
/// manifest.) Pages may be written from several threads at once.
public final class SiteOutput: Sendable {
    /// The site folder being built.
    public let target: URL
    /// The folder pages are written into (staging for full builds, the target otherwise).
    public let root: URL
    /// Whether this build writes a staging folder (a full build) or into the site (incremental).
    public let staged: Bool
    private let rootPath: String
    /// Incremental builds: where each page is written before it is renamed into place.
    private let scratchPath: String
    private let state = Locked(State())
    private let scratchFiles = Locked(0)
    /// Creating files in one folder from two threads makes the kernel spin on the folder's lock
    /// (a fifth of the CPU of a full build went to that spinning): batches take the folder's
    /// lock here instead, where a waiting thread sleeps and leaves the core to the others.
    private let folderLocks = (0..<16).map { _ in Lock() }
    /// Where what this build changes is listed for `publish` (nil: not listed).
    public let changes: ChangeRecorder?

    private struct State {
        /// Files written.
        var count = 0
        /// Relative paths changed in place (incremental builds only: a full build's list would
        /// grow with the table).
        var changed: [String] = []
        /// Folders known to exist (saves a `mkdir -p` walk per file).
        var folders: Set<String> = []
        /// Incremental builds: replacements waiting in the scratch folder (scratch file, path).
        var replacements: [(scratch: String, path: String)] = []
        /// Incremental builds: relative paths to remove once the replacements are in.
        var removals: [String] = []
    }

    /// How many files this build wrote.
    public var writtenCount: Int { state.withLock { $0.count } }
    /// Relative paths an incremental build changed (empty for a full build).
    public var changed: [String] { state.withLock { $0.changed } }

    /// Prepares a build of the site at `target`: a staging folder beside it for a full build
    /// (or when there is no site yet), else a scratch folder for the incremental replacements.
    public init(target: URL, full: Bool, changes: ChangeRecorder? = nil) throws {
        self.target = target.standardizedFileURL
        self.changes = changes
        let manager = FileManager.default
        try Self.checkOwnership(of: self.target)
        Self.removeStaleStaging(beside: self.target)
        staged = full || !manager.fileExists(atPath: self.target.path)
        let pid = ProcessIdentity.current
        if staged {
            let name = ".\(self.target.lastPathComponent).staging-\(pid)"
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
                ".\(self.target.lastPathComponent).incoming-\(pid)"
            ).path
        if !staged {
            try? FolderRemoval.remove(scratchPath)
            try manager.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
        }
    }

    /// Writes a batch of files, each folder's run of them under that folder's lock: a full
    /// build holds it only while it creates the files (their hashes are taken before, their
    /// bytes written after), an incremental build while it writes them.
    public func write(_ files: [(path: String, bytes: [UInt8])]) throws {
        let digests = staged && changes != nil ? files.map { Hashing.sha256Hex($0.bytes) } : nil
        var start = 0
        while start < files.count {
            let folder = Self.folder(of: files[start].path)
            var end = start + 1
            while end < files.count && Self.folder(of: files[end].path).elementsEqual(folder) { end += 1 }
            let lock = folderLocks[Self.lockIndex(folder, count: folderLocks.count)]
            if staged {
                try writeStaged(files[start..<end], digests: digests?[start..<end], lock: lock)
            } else {
                try lock.withLock {
                    for file in files[start..<end] { try write(file.path, file.bytes) }
                }
            }
            start = end
        }
    }

    /// A full build's run of files in one folder: created under `lock`, then written.
    private func writeStaged(
        _ files: ArraySlice<(path: String, bytes: [UInt8])>, digests: ArraySlice<String>?, lock: Lock
    ) throws {
        for file in files { Self.requireInside(file.path) }
        guard let first = files.first else { return }
        try makeFolder(of: rootPath + "/" + first.path)
        var created: [NewFile] = []
        created.reserveCapacity(files.count)
        var closed = 0  // `write` closes its file whether or not it succeeds
        defer { for file in created[closed...] { file.discard() } }
        do {
            try lock.withLock {
                for file in files { created.append(try NewFile(creating: rootPath + "/" + file.path)) }
            }
        } catch let error as SystemError where error.alreadyExists {
            throw Self.duplicate(String(error.path.dropFirst(rootPath.count + 1)))
        }
        for (file, new) in zip(files, created) {
            closed += 1
            try new.write(file.bytes)
        }
        for (index, file) in zip(files.indices, files) {
            try changes?.wrote(
                file.path, file.bytes, sha256Hex: digests?[index], tier: .written(file.path, existed: false))
        }
        state.withLock { $0.count += files.count }
    }

    /// Stops the process when `path` (relative) has a `..` part: the builder makes every path,
    /// so one that escapes the site is a bug, not input.
    private static func requireInside(_ path: String) {
        precondition(!path.split(separator: "/").contains(".."), "path escapes the site: \(path)")
    }

    /// The error for a staged build's second write to `path` (two trade ids given one file
    /// name, say): a bug the build must not hide.
    private static func duplicate(_ path: String) -> SiteOutputError {
        SiteOutputError(.duplicatePath, "two different pages were to be written to \(path); nothing was published")
    }

    /// The folder part of `path` (before its last `/`), found in its UTF-8 bytes.
    private static func folder(of path: String) -> Substring.UTF8View {
        let bytes = path.utf8
        return Substring(path)[..<(bytes.lastIndex(of: UInt8(ascii: "/")) ?? bytes.startIndex)].utf8
    }

    /// Which of `count` locks guards `folder` (FNV-1a of its bytes).
    private static func lockIndex(_ folder: Substring.UTF8View, count: Int) -> Int {
        var hash = FNV1a64()
        hash.add(bytes: folder)
        return Int(hash.value % UInt64(count))
    }

    /// Writes `content` at `path` (relative, `/`-separated) unless the file already holds it.
    public func write(_ path: String, _ content: String) throws {
        try write(path, Array(content.utf8))
    }

    /// Writes `data` at `path` (relative) unless the file already holds it.
    public func write(_ path: String, _ data: Data) throws {
        try write(path, [UInt8](data))
    }

    /// Writes `bytes` at `path` (relative) unless the file already holds it. `sha256Hex`, when
    /// the caller has it, is the bytes' SHA-256 in lowercase hex (not computed again for the
    /// change list).
    public func write(_ path: String, _ bytes: [UInt8], sha256Hex: String? = nil) throws {
        Self.requireInside(path)
        let full = rootPath + "/" + path
        let exists = !staged && FileIO.exists(full)
        if exists, let existing = FileManager.default.contents(atPath: full), existing.elementsEqual(bytes) {
            return
        }
        try makeFolder(of: full)
        try changes?.wrote(path, bytes, sha256Hex: sha256Hex, tier: .written(path, existed: exists))
        if staged {
            // A fresh staging folder: every path is written once, so a second write to one path
            // (two trade ids given one file name, say) is a bug the build must not hide.
            do {
                try FileIO.write(bytes, to: full, existing: .refuse)
            } catch let error as SystemError where error.alreadyExists {
                throw Self.duplicate(path)
            }
        } else {
            let number = scratchFiles.withLock { count in
                count += 1
                return count
            }
            let scratch = scratchPath + "/\(number)"
            try FileIO.write(bytes, to: scratch)
            if exists {
                state.withLock { $0.replacements.append((scratch, path)) }
            } else {
                try FileIO.rename(scratch, to: full)
            }
        }
        state.withLock {
            $0.count += 1
            if !staged { $0.changed.append(path) }
        }
    }

    /// Removes `path` (relative) from the site once every replacement is in (incremental builds;
    /// a full build simply does not write it).
    public func remove(_ path: String) throws {
        precondition(!path.split(separator: "/").contains(".."), "path escapes the site: \(path)")
        guard !staged else { return }
        try changes?.removed(path)
        state.withLock {
            $0.removals.append(path)
            $0.changed.append(path)
        }
    }

    /// Removes (after the replacements, like `remove(_:)`) every file directly in `folder` whose
    /// name `keeping` rejects. Full builds write a fresh folder and have nothing to remove.
    public func removeStale(in folder: String, keeping: (String) -> Bool) throws {
        guard !staged else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rootPath + "/" + folder)) ?? []
        for name in names where !name.hasPrefix(".") && !keeping(name) { try remove(folder + "/" + name) }
    }

    private func makeFolder(of full: String) throws {
        guard let slash = full.lastIndex(of: "/") else { return }
        let folder = String(full[..<slash])
        if !state.withLock({ $0.folders.contains(folder) }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            state.withLock { _ = $0.folders.insert(folder) }
        }
    }

    /// Publishes the build: swaps a staged build in (the previous site is removed after the
    /// exchange), or renames an incremental build's replacements into place, then removes.
    public func commit() throws {
        guard staged else { return try publishReplacements() }
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) {
            if FileIO.exchange(root.path, target.path) {
                try FolderRemoval.remove(root.path)
                return
            }
            // No atomic exchange on this file system: two renames, the old site kept until the end.
            let old = target.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).old-\(ProcessIdentity.current)")
            try manager.moveItem(at: target, to: old)
            try manager.moveItem(at: root, to: target)
            try? FolderRemoval.remove(old.path)
        } else {
            try manager.moveItem(at: root, to: target)
        }
    }

    private func publishReplacements() throws {
        let (replacements, removals) = state.withLock { ($0.replacements, $0.removals) }
        let journal = CommitJournal(
            replacements: replacements.map {
                .init(scratch: String($0.scratch.split(separator: "/").last ?? ""), path: $0.path)
            }, removals: removals)
        try journal.save(in: scratchPath)
        try journal.apply(root: rootPath, scratchFolder: scratchPath)
        try FolderRemoval.remove(scratchPath)
    }

    /// Finishes the commit of an incremental build of `target` that was killed part-way through
    /// it (see `CommitJournal`), and drops the scratch folder of one killed before its commit
    /// began. Returns whether a commit was finished. Call it holding the site's build lock.
    @discardableResult
    public static func finishInterruptedCommit(of target: URL) throws -> Bool {
        var finished = false
        for scratch in deadBuildFolders(beside: target, kinds: ["incoming"]) {
            if let journal = CommitJournal.load(from: scratch) {
                try journal.apply(root: target.standardizedFileURL.path, scratchFolder: scratch)
                finished = true
            }
            try FolderRemoval.remove(scratch)
        }
        return finished
    }

    /// Drops a build that failed (an incremental build's new pages stay: nothing links to them).
    public func abandon() {
        changes?.abandon(siteChanged: !staged)
        try? FolderRemoval.remove(staged ? root.path : scratchPath)
    }

    /// Refuses to take over a folder that holds files but is not a site we built.
    public static func checkOwnership(of target: URL) throws {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: target.path) else { return }
        let visible = entries.filter { !$0.hasPrefix(".") }
        if !visible.isEmpty && !entries.contains("build.json") {
            throw SiteOutputError(
                .foreignFolder,
                "\(target.path) holds files that telemetry-site did not build; choose an empty folder for --out")
        }
    }

    /// Removes the folders that dead builds left beside `target` (a staging folder, an old
    /// site swapped out, a scratch folder).
    static func removeStaleStaging(beside target: URL) {
        for folder in deadBuildFolders(beside: target, kinds: ["staging", "old", "incoming"]) {
            try? FolderRemoval.remove(folder)
        }
    }

    /// The paths of the folders beside `target` named `.<target>.<kind>-<pid>` for one of
    /// `kinds`, whose build process is gone.
    private static func deadBuildFolders(beside target: URL, kinds: [String]) -> [String] {
        let target = target.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let prefixes = kinds.map { ".\(target.lastPathComponent).\($0)-" }
        return ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).compactMap { entry in
            guard let prefix = prefixes.first(where: entry.hasPrefix) else { return nil }
            let pid = Int32(entry.dropFirst(prefix.count)) ?? 0
            guard pid != ProcessIdentity.current, !ProcessIdentity.isAlive(pid) else { return nil }
            return parent.appendingPathComponent(entry).path
        }
    }
}

/// Why the output could not be prepared or written.
public struct SiteOutputError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// Two different pages were to be written to one path.
        case duplicatePath
        /// The output folder holds files this tool did not build.
        case foreignFolder
        /// A killed build's commit journal cannot be followed.
        case unreadableJournal
    }

    /// What kind of problem.
    public var code: Code
    /// What went wrong, naming the path.
    public var message: String

    /// A problem of kind `code`, said in `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
