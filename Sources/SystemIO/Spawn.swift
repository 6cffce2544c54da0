internal import CSystemIO
internal import Foundation
internal import Glibc

/// Runs a program and waits for it, with `posix_spawn` and `waitpid` (Foundation's `Process`
/// can miss the exit of a child whose own child keeps running, as `pg_ctl start` does).
public enum Spawn {
    /// What a finished program left.
    public struct Outcome: Sendable {
        /// Whether it exited normally with status 0.
        public var succeeded: Bool
        /// The raw `waitpid` status.
        public var status: Int32
        /// Its standard output and error, interleaved.
        public var output: String
    }

    /// Runs `argv` (argv[0] an absolute path) with standard input from /dev/null, capturing
    /// standard output and error in a temporary file that has no name (so none is left behind,
    /// even when this process is killed); in this process's environment, or in `environment`
    /// (every variable the child gets) when given.
    public static func run(_ argv: [String], environment: [String: String]? = nil) throws -> Outcome {
        let capture = try captureFile()
        defer { close(capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, capture, 1)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { cEnvironment?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned =
            if var cEnvironment {
                posix_spawn(&pid, argv[0], &actions, nil, cArguments, &cEnvironment)
            } else {
                posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
            }
        guard spawned == 0 else { throw SystemError(operation: "start", path: argv[0], code: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        return Outcome(succeeded: exited && code == 0, status: status, output: readAll(capture))
    }

    /// A file for the child's output: unnamed (`O_TMPFILE`) in the temporary folder, or where the
    /// file system has none, a new named file removed as soon as it is open.
    private static func captureFile() throws -> Int32 {
        let folder = NSTemporaryDirectory()
        let unnamed = telemetry_site_open_unnamed(folder)
        if unnamed >= 0 { return unnamed }
        let path = folder + "telemetry-site-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        let named = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard named >= 0 else { throw SystemError(operation: "create", path: path, code: errno) }
        unlink(path)
        return named
    }

    /// Everything written to `descriptor`, read from its start (invalid UTF-8 repaired).
    private static func readAll(_ descriptor: Int32) -> String {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return "" }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
