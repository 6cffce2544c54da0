import ArgumentParser
import Foundation
import Logging
import SystemIO

/// The executable's entry: parses arguments, runs the command, maps failures to exit codes
/// (0 done, 1 failed, 2 usage, 3 already running).
public enum TelemetrySiteMain {
    /// Runs the tool with `arguments` (default: the process's) and exits with its status.
    public static func main(_ arguments: [String]? = nil) async -> Never {
        atexit { LogSink.shared.flush() }
        // Large buffers go back to the system when freed (see `MemoryPolicy`).
        MemoryPolicy.returnLargeBlocksWhenFreed()
        // LOG_LEVEL (trace, debug, info, notice, warning, error, critical) sets the threshold.
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        do {
            var command = try TelemetrySite.parseAsRoot(arguments)
            // The arguments are parsed: a password typed on the command line leaves `ps`.
            if arguments == nil { ConnectionSecrets.scrubProcessArguments() }
            // Parsing logs nothing: the format is known before the first line.
            let format = (command as? ServeCommand)?.logFormat ?? .text
            LoggingSystem.bootstrap(format.handlers(level: level))
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = TelemetrySite.exitCode(for: error)
            if code == .success {
                TelemetrySite.exit(withError: error)  // --help, --version
            }
            let message = TelemetrySite.fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(code == .validationFailure ? ExitStatus.usage : ExitStatus.failed)
        }
    }
}

/// The tool's exit statuses.
enum ExitStatus {
    static let done: Int32 = 0
    static let failed: Int32 = 1
    static let usage: Int32 = 2
    static let alreadyRunning: Int32 = 3
}
