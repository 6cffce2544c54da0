public import Foundation
import Synchronization
import SystemIO

/// A path no test has used yet, `prefix-<n>` inside this process's scratch folder (not created:
/// tests that need it create it, tests of "a folder that does not exist" use it as is). The
/// scratch folder goes at exit with everything in it, so a run leaves nothing behind in the
/// system's temporary directory, however a test ends.
public func temporaryFolder(_ prefix: String = "test") -> URL {
    TestScratch.root.appendingPathComponent("\(prefix)-\(TestScratch.next())")
}

/// The test process's scratch folder: `telemetry-site-tests-<pid>` under the system's temporary
/// directory, made on first use and removed at exit (the private cluster lives in it too).
/// Those of processes no longer alive (a run killed or crashed) are removed when it is made.
public enum TestScratch {
    private static let prefix = "telemetry-site-tests-"
    private static let counter = Atomic<Int>(0)

    /// The folder, mode 0755: the `postgres` user and the daemons tests start walk through it.
    public static let root: URL = {
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory())
        removeStale(in: temporary)
        let root = temporary.appendingPathComponent(prefix + String(ProcessIdentity.current))
        // A folder of this pid can only be a dead run's (this process has just started).
        try? FolderRemoval.remove(root.path)
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        } catch {
            fatalError("cannot make the tests' scratch folder \(root.path): \(error)")
        }
        atexit { try? FileManager.default.removeItem(at: TestScratch.root) }
        return root
    }()

    /// A number no earlier call of this process returned.
    static func next() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Removes the scratch folders in `temporary` of test processes that are gone.
    public static func removeStale(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != ProcessIdentity.current,
                !ProcessIdentity.isAlive(pid)
            else { continue }
            try? FolderRemoval.remove(temporary.appendingPathComponent(name).path)
        }
    }
}
