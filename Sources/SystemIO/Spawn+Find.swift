internal import Foundation

extension Spawn {
    /// The first executable `name` in the folders of `path` (a `PATH` value; the usual system
    /// folders when nil), as an absolute path; nil when there is none. Empty entries and
    /// relative folders are skipped: a program found through one would depend on the working
    /// folder.
    public static func find(_ name: String, path: String?) -> String? {
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").filter { $0.hasPrefix("/") }
        return folders.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
