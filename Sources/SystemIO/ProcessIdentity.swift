public import Foundation
internal import Glibc

/// Facts about this process and others.
public enum ProcessIdentity {
    /// This process's id.
    public static var current: Int32 { getpid() }

    /// The running executable, symbolic links resolved (`/proc/self/exe`, which unlike
    /// `argv[0]` is right however the process was started).
    public static var executable: URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        return URL(fileURLWithPath: path).resolvingSymlinksInPath()
    }

    /// Whether a process with id `pid` is alive (signal 0 reaches it).
    public static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Whether this process runs as root.
    public static var isRoot: Bool { getuid() == 0 }

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
