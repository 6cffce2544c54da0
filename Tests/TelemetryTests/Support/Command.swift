import Foundation

/// Runs the built `telemetry-site` executable, as a user or a cron job would.
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "telemetry-site")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> ToolRun
    {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("toolrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let err = folder.appendingPathComponent("err").path
        let workingDirectory = directory?.path ?? folder.path
        let script = "cd \"$1\" && shift && exec \"$@\" >\"$OUT_FILE\" 2>\"$ERR_FILE\" </dev/null"
        let argv = ["/bin/sh", "-c", script, "sh", workingDirectory, executable.path] + arguments
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["OUT_FILE"] = out
        env["ERR_FILE"] = err
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
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return ToolRun(
            status: (status >> 8) & 0xff,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}
