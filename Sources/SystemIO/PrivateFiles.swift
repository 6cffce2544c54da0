internal import Glibc

/// The state folder's files, private from the moment they exist: folders are created 0700 and
/// files 0600 by the call that makes them (never created open and narrowed afterwards), and a
/// state folder others can write into is refused.
public enum PrivateFiles {
    /// Creates the folder at `path`, and each missing parent, with mode 0700; an existing
    /// folder is left as it is.
    public static func createFolder(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 {
                let code = errno
                var info = stat()
                guard code == EEXIST, stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                    throw SystemError(operation: "create the folder", path: prefix, code: code)
                }
            }
        }
    }

    /// Writes `bytes` to `path` atomically: a new file beside it, created with `mode` (0600
    /// unless given) and exclusively, then renamed over `path`. Its folder is created (0700)
    /// when missing.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o600) throws {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty, !FileIO.exists(folder) { try createFolder(folder) }
        var generator = SystemRandomNumberGenerator()
        let temporary = path + ".tmp-" + String(generator.next() & 0xffff_ffff, radix: 16)
        do {
            try FileIO.write(bytes, to: temporary, existing: .refuse, mode: mode)
            // The umask may have narrowed it; never wider than `mode`, and not yet at `path`.
            guard chmod(temporary, mode_t(mode)) == 0 else {
                throw SystemError(operation: "set the mode of", path: temporary, code: errno)
            }
            try FileIO.rename(temporary, to: path)
        } catch {
            FileIO.removeFile(temporary)
            throw error
        }
    }

    /// Why the folder at `path` may not hold private state: it is not a folder, or its group
    /// or everyone may write into it (they could plant a run record or a key). Nil when it is
    /// fine, or does not exist yet.
    public static func problem(withFolder path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a folder" }
        let mode = info.st_mode & 0o7777
        guard mode & 0o022 == 0 else {
            let octal = String(mode, radix: 8)
            return "the state folder \(path) is writable by its group or by everyone (mode \(octal)); "
                + "make it private with: chmod 700 \(path)"
        }
        return nil
    }
}
