import Foundation

extension LocalPostgres {
    /// `directory` when the server's user can reach it, else a folder of the same name under
    /// the system temporary directory (a checkout under a root-only home is not traversable).
    public static func usableDirectory(_ directory: URL, runAs: String?) -> URL {
        guard let runAs, let user = getpwnam(runAs) else { return directory }
        if reachable(directory.deletingLastPathComponent(), uid: user.pointee.pw_uid, gid: user.pointee.pw_gid) {
            return directory
        }
        let key = String(UInt64(bitPattern: Int64(directory.path.hashValueStable)), radix: 36)
        return URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("telemetry-site-\(key)")
            .appendingPathComponent(directory.lastPathComponent)
    }

    /// Creates the data folder (and its parents) and hands it to the server's user, mode 0700.
    static func prepare(_ directory: URL, runAs: String?) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        chmod(directory.path, 0o700)
        guard let runAs else { return }
        guard let user = getpwnam(runAs) else {
            throw LocalPostgresError(
                message: "the '\(runAs)' system user does not exist; install the postgresql package")
        }
        // The parent must be traversable by that user (a fresh temporary parent is ours).
        let parent = directory.deletingLastPathComponent()
        var info = stat()
        if stat(parent.path, &info) == 0, info.st_uid == getuid() { chmod(parent.path, info.st_mode | 0o711) }
        guard chown(directory.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw LocalPostgresError(message: "could not hand \(directory.path) to \(runAs): errno \(errno)")
        }
    }

    /// Whether every folder from `/` down to `directory` lets `uid` through (or does not exist
    /// yet, in which case we will create it with permissive modes).
    static func reachable(_ directory: URL, uid: uid_t, gid: gid_t) -> Bool {
        var path = directory.standardizedFileURL.path
        var components: [String] = []
        while path != "/" && !path.isEmpty {
            components.append(path)
            path = (path as NSString).deletingLastPathComponent
        }
        for folder in components.reversed() {
            var info = stat()
            guard stat(folder, &info) == 0 else { return true }
            let mode = info.st_mode
            let passes =
                info.st_uid == uid
                ? (mode & 0o100) != 0
                : info.st_gid == gid ? (mode & 0o010) != 0 : (mode & 0o001) != 0
            if !passes { return false }
        }
        return true
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(bitPattern: UInt(hash))
    }
}
