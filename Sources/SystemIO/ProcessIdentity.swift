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

/// Wall-clock time as the C library formats it.
public enum LocalTime {
    /// The current second since the epoch.
    public static var currentSecond: Int { time(nil) }

    /// `second` in the local time zone as `2026-12-02T05:54:00+0000`.
    public static func stamp(_ second: Int) -> String {
        var seconds = second
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
