import Foundation
import Glibc
import Synchronization

/// Removes a folder tree the way `rm -rf` does: one directory open at a time per level, entries
/// unlinked as they are read, so memory stays flat however many pages an old site holds
/// (`FileManager.removeItem` gathered every path of a 4,000,000-file site first: 380 MB).
/// Symbolic links are removed, never followed. The top level's folders go to two threads.
enum FolderRemoval {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot remove \(path): \(String(cString: strerror(code)))" }
    }

    static func remove(_ path: String) throws {
        let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else {
            if errno == ENOENT { return }
            if errno == ENOTDIR || errno == ELOOP { return try check(unlink(path), path) }
            throw Failure(path: path, code: errno)
        }
        var folders: [[CChar]] = []
        do {
            try removeEntries(of: top, path: path, keepingFolders: &folders)
        } catch {
            close(top)
            throw error
        }
        let failures = Mutex<[Failure]>([])
        let topFolders = folders
        DispatchQueue.concurrentPerform(iterations: folders.count) { index in
            do {
                try removeTree(topFolders[index], in: top, path: path + "/" + display(topFolders[index]))
            } catch let failure as Failure {
                failures.withLock { $0.append(failure) }
            } catch {}
        }
        close(top)
        if let failure = failures.withLock({ $0.first }) { throw failure }
        try check(rmdir(path), path)
    }

    /// Removes `name` (a folder in `parent`) and everything in it.
    private static func removeTree(_ name: [CChar], in parent: Int32, path: String) throws {
        let folder = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { throw Failure(path: path, code: errno) }
        var subfolders: [[CChar]] = []
        do {
            try removeEntries(of: folder, path: path, keepingFolders: &subfolders)
            for subfolder in subfolders {
                try removeTree(subfolder, in: folder, path: path + "/" + display(subfolder))
            }
        } catch {
            close(folder)
            throw error
        }
        close(folder)
        try check(unlinkat(parent, name, AT_REMOVEDIR), path)
    }

    /// Unlinks every non-folder entry of `folder`; the names of its folders (NUL-terminated
    /// bytes: a name need not be UTF-8) are returned.
    private static func removeEntries(of folder: Int32, path: String, keepingFolders folders: inout [[CChar]]) throws {
        let reader = dup(folder)
        guard reader >= 0, let stream = fdopendir(reader) else { throw Failure(path: path, code: errno) }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
            }
            if name == [46, 0] || name == [46, 46, 0] { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder {
                folders.append(name)
            } else if unlinkat(folder, name, 0) != 0 && errno != ENOENT {
                throw Failure(path: path + "/" + display(name), code: errno)
            }
        }
    }

    private static func display(_ name: [CChar]) -> String {
        String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func check(_ result: Int32, _ path: String) throws {
        if result != 0 && errno != ENOENT { throw Failure(path: path, code: errno) }
    }
}
