import Foundation
import SystemIO

extension LocalPostgres {
    /// Runs a server program and waits for it; its output goes into the error when it fails.
    static func run(_ program: URL, _ arguments: [String], runAs: String?) throws {
        // `cd /` first: the server's user may not be allowed into our working folder.
        let argv =
            ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"]
            + (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", program.path] } ?? [program.path]) + arguments
        let outcome: Spawn.Outcome
        do {
            outcome = try Spawn.run(argv)
        } catch {
            throw LocalPostgresError(.programFailed, "could not start \(argv[0]): \(error)", underlying: error)
        }
        guard outcome.succeeded else {
            throw LocalPostgresError(
                .programFailed, "\(program.lastPathComponent) failed (status \(outcome.status)): \(outcome.output)")
        }
    }

    /// A loopback TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        do {
            return try LoopbackPort.free()
        } catch {
            throw LocalPostgresError(.didNotStart, "no free loopback port: \(error)", underlying: error)
        }
    }
}
