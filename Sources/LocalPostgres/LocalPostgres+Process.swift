import Foundation

extension LocalPostgres {
    /// Runs a server program and waits for it (posix_spawn + waitpid: Foundation's `Process`
    /// can miss the exit of a child whose own child keeps running, as `pg_ctl start` does).
    /// The program's output goes to a temporary file and into the error when it fails.
    static func run(_ program: URL, _ arguments: [String], runAs: String?) throws {
        // `cd /` first: the server's user may not be allowed into our working folder.
        let argv =
            ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"]
            + (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", program.path] } ?? [program.path]) + arguments
        let logPath = NSTemporaryDirectory() + "telemetry-site-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(logPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw LocalPostgresError(message: "could not start \(argv[0]): errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw LocalPostgresError(
                message: "\(program.lastPathComponent) failed (status \(status)): \(output)")
        }
    }

    /// A loopback TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LocalPostgresError(message: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw LocalPostgresError(message: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw LocalPostgresError(message: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
