public import Foundation
import Hashing
import SystemIO

extension LocalPostgres {
    /// `directory` when the server's user can reach it, else a folder of the same name under
    /// the system temporary directory (a checkout under a root-only home is not traversable).
    public static func usableDirectory(_ directory: URL, runAs: String?) -> URL {
        guard let runAs, let user = SystemUser(named: runAs) else { return directory }
        if reachable(directory.deletingLastPathComponent(), by: user) {
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
        SystemUser.setMode(directory.path, 0o700)
        guard let runAs else { return }
        guard let user = SystemUser(named: runAs) else {
            throw LocalPostgresError(
                .notInstalled, "the '\(runAs)' system user does not exist; install the postgresql package")
        }
        // The parent must be traversable by that user (a fresh temporary parent is ours).
        let parent = directory.deletingLastPathComponent()
        SystemUser.openForTraversal(parent.path)
        do {
            try user.own(directory.path)
        } catch {
            throw LocalPostgresError(
                .folder, "could not hand \(directory.path) to \(runAs): \(error)", underlying: error)
        }
    }

    /// Whether every folder from `/` down to `directory` lets `uid` through (or does not exist
    /// yet, in which case we will create it with permissive modes).
    static func reachable(_ directory: URL, by user: SystemUser) -> Bool {
        var path = directory.standardizedFileURL.path
        var components: [String] = []
        while path != "/" && !path.isEmpty {
            components.append(path)
            path = (path as NSString).deletingLastPathComponent
        }
        return components.reversed().allSatisfy(user.canTraverse)
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash = FNV1a64()
        hash.add(bytes: utf8)
        return Int(bitPattern: UInt(hash.value))
    }
}
