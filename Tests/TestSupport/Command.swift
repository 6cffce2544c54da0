public import Foundation

/// Runs the built `telemetry-site` executable, as a user or a cron job would.
public struct ToolRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("telemetry-site")
    }

    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, input: String = ""
    ) throws -> ToolRun {
        try run(program: executable.path, arguments, environment: environment, directory: directory, input: input)
    }

    /// Runs any program to its end, with its output captured.
    public static func run(
        program: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        input: String = ""
    ) throws -> ToolRun {
        let process = try Spawned(
            program: program, arguments, environment: environment, directory: directory, input: input)
        let status = process.wait()
        return ToolRun(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}

/// A started program whose output goes to files; it can be waited for or killed. Its folder (the
/// output, and the program's `TMPDIR`) is removed when this is released.
public final class Spawned {
    public let pid: pid_t
    private let folder: URL

    public init(
        program: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
        input: String = ""
    ) throws {
        folder = temporaryFolder("toolrun")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(input.utf8).write(to: folder.appendingPathComponent("in"))
        let workingDirectory = directory?.path ?? folder.path
        // `exec` so that the pid is the program's own (a kill reaches it, not a shell).
        let script = "cd \"$1\" && shift && exec \"$@\" >\"$OUT_FILE\" 2>\"$ERR_FILE\" <\"$IN_FILE\""
        let argv = ["/bin/sh", "-c", script, "sh", workingDirectory, program] + arguments
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["OUT_FILE"] = folder.appendingPathComponent("out").path
        env["ERR_FILE"] = folder.appendingPathComponent("err").path
        env["IN_FILE"] = folder.appendingPathComponent("in").path
        // The program's own temporary files (Chromium leaves a folder behind at each exit) go
        // with this run's folder, unless the test chose a directory for them.
        if environment["TMPDIR"] == nil { env["TMPDIR"] = folder.path }
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, cEnvironment) == 0 else {
            throw CocoaError(.executableLoad)
        }
        self.pid = pid
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Waits for the program: its exit status, or 128 + the signal that ended it.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    public var stdout: String { (try? String(contentsOf: folder.appendingPathComponent("out"), encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: folder.appendingPathComponent("err"), encoding: .utf8)) ?? "" }
}
