import Foundation
import SystemIO
import TestSupport
import Testing

/// The suite's scratch folders: one per test process, the folders of dead runs cleared.
@Suite struct TestScratchTests {
    @Test func temporaryFoldersAreDistinctAndInsideThisProcesssScratchFolder() {
        let folders = (0..<200).map { _ in temporaryFolder("scratch") }
        #expect(Set(folders.map(\.path)).count == folders.count)
        let root = TestScratch.root.path + "/"
        #expect(folders.allSatisfy { $0.path.hasPrefix(root) })
        #expect(TestScratch.root.lastPathComponent == "telemetry-site-tests-\(ProcessIdentity.current)")
    }

    /// A dead run's folder goes; a live process's (this one's, init's) and other names stay.
    @Test func onlyTheFoldersOfProcessesThatAreGoneAreRemoved() throws {
        let temporary = temporaryFolder("stale")
        let finished = try Spawned(program: "/bin/true", [])
        #expect(finished.wait() == 0)
        let dead = finished.pid
        #expect(!ProcessIdentity.isAlive(dead))
        let names = [
            "telemetry-site-tests-\(dead)", "telemetry-site-tests-\(ProcessIdentity.current)",
            "telemetry-site-tests-1", "telemetry-site-tests-x", "other-\(dead)",
        ]
        for name in names {
            let inner = temporary.appendingPathComponent(name).appendingPathComponent("site/page")
            try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        }
        TestScratch.removeStale(in: temporary)
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path).sorted()
        #expect(left == names.dropFirst().sorted())
    }
}
