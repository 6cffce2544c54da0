public import Foundation

/// A path no test has used yet under the system's temporary directory, `prefix-<UUID>` (not
/// created: tests that need it create it, tests of "a folder that does not exist" use it as is).
public func temporaryFolder(_ prefix: String = "test") -> URL {
    URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}
