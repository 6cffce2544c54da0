internal import Foundation
internal import Glibc

/// Removes a folder tree the way `rm -rf` does: one directory open at a time per level, entries
/// unlinked as they are read, so memory stays flat however many pages an old site holds
/// (`FileManager.removeItem` gathered every path of a 4,000,000-file site first: 380 MB).
/// Symbolic links are removed, never followed. The top level's folders go to two threads.
public enum FolderRemoval {
    /// Removes `path` and everything under it; a missing path is not an error.
    public static func remove(_ path: String) throws {
        let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else {
            if errno == ENOENT { return }
            if errno == ENOTDIR || errno == ELOOP { return try check(unlink(path), path) }
            throw SystemError(operation: "remove", path: path, code: errno)
        }
        var folders: [DirectoryEntry.Name] = []
        do {
            try removeEntries(of: top, path: path, keepingFolders: &folders)
        } catch {
            close(top)
            throw error
        }
        let failures = Locked<[SystemError]>([])
        let topFolders = folders
        DispatchQueue.concurrentPerform(iterations: folders.count) { index in
            do {
                try removeTree(topFolders[index], in: top, path: path + "/" + topFolders[index].display)
            } catch let failure as SystemError {
                failures.withLock { $0.append(failure) }
            } catch {}
        }
        close(top)
        if let failure = failures.withLock({ $0.first }) { throw failure }
        try check(rmdir(path), path)
    }

    /// Removes `name` (a folder in `parent`) and everything in it.
    private static func removeTree(_ name: DirectoryEntry.Name, in parent: Int32, path: String) throws {
        let folder = openat(parent, name.bytes, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { throw SystemError(operation: "remove", path: path, code: errno) }
        var subfolders: [DirectoryEntry.Name] = []
        do {
            try removeEntries(of: folder, path: path, keepingFolders: &subfolders)
            for subfolder in subfolders {
                try removeTree(subfolder, in: folder, path: path + "/" + subfolder.display)
            }
        } catch {
            close(folder)
            throw error
        }
        close(folder)
        try check(unlinkat(parent, name.bytes, AT_REMOVEDIR), path)
    }

    /// Unlinks every non-folder entry of `folder`; the names of its folders are returned.
    private static func removeEntries(
        of folder: Int32, path: String, keepingFolders folders: inout [DirectoryEntry.Name]
    ) throws {
        try DirectoryEntry.forEach(in: folder, path: path) { entry in
            if entry.isFolder(in: folder) {
                folders.append(entry.name)
            } else if unlinkat(folder, entry.name.bytes, 0) != 0 && errno != ENOENT {
                throw SystemError(operation: "remove", path: path + "/" + entry.name.display, code: errno)
            }
        }
    }

    private static func check(_ result: Int32, _ path: String) throws {
        if result != 0 && errno != ENOENT { throw SystemError(operation: "remove", path: path, code: errno) }
    }
}
