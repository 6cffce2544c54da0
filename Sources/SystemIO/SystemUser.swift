internal import Glibc

/// A system user and the permissions of folders for it.
public struct SystemUser: Sendable {
    /// The user's id.
    public var uid: UInt32
    /// The user's primary group.
    public var gid: UInt32

    /// The user named `name`, or nil when there is none.
    public init?(named name: String) {
        guard let entry = getpwnam(name) else { return nil }
        uid = entry.pointee.pw_uid
        gid = entry.pointee.pw_gid
    }

    /// Whether this user may pass through the folder at `path` (true when it does not exist).
    public func canTraverse(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        let mode = info.st_mode
        return info.st_uid == uid
            ? (mode & 0o100) != 0
            : info.st_gid == gid ? (mode & 0o010) != 0 : (mode & 0o001) != 0
    }

    /// Hands `path` to this user.
    public func own(_ path: String) throws {
        guard chown(path, uid, gid) == 0 else { throw SystemError(operation: "chown", path: path, code: errno) }
    }

    /// Makes the folder at `path` traversable by everyone when the current user owns it.
    public static func openForTraversal(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0, info.st_uid == getuid() { chmod(path, info.st_mode | 0o711) }
    }

    /// Sets the permission bits of `path`.
    public static func setMode(_ path: String, _ mode: UInt32) {
        chmod(path, mode_t(mode))
    }
}
