import Foundation
import SystemIO
import Testing

@Suite struct SpawnTests {
    /// The child's output is captured in a file with no name: while it runs, the temporary
    /// folder holds no capture file of this process (a process killed there leaves nothing).
    @Test func outputIsCapturedWithoutANamedFile() throws {
        let folder = NSTemporaryDirectory()
        let prefix = "telemetry-site-\(ProcessInfo.processInfo.processIdentifier)-"
        let outcome = try Spawn.run(["/bin/sh", "-c", "ls -a \"$0\"; echo to-stderr >&2; exit 3", folder])
        #expect(!outcome.succeeded)
        #expect(outcome.status >> 8 == 3)
        #expect(outcome.output.contains("to-stderr"))
        #expect(outcome.output.contains(".."), "the listing was captured")
        #expect(!outcome.output.contains(prefix), "\(outcome.output)")
    }

    @Test func largeOutputIsCapturedWhole() throws {
        let outcome = try Spawn.run(["/bin/sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done"])
        #expect(outcome.succeeded)
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 20_000)
        #expect(lines.last == "line-19999")
    }
}
