import Foundation

/// Loopback ports for servers a test starts as programs (nginx).
public enum TestPorts {
    /// A port nothing listens on now (the kernel's pick for a socket bound to port 0).
    public static func free() throws -> Int {
        let run = try ToolRun.run(
            program: "/usr/bin/env",
            ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard run.status == 0, let port = Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.featureUnsupported)
        }
        return port
    }

    /// Waits until something accepts connections on `port` (at most `seconds`: a server built
    /// with ThreadSanitizer on a busy machine took more than 10 s to start); whether it did. It
    /// returns as soon as the port answers, so a long bound costs nothing when all is well.
    public static func waitForListener(_ port: Int, seconds: Double = 90) throws -> Bool {
        let script = """
            import socket, sys, time
            deadline = time.monotonic() + \(seconds)
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(('127.0.0.1', \(port)), timeout=0.2).close()
                    sys.exit(0)
                except OSError:
                    time.sleep(0.05)
            sys.exit(1)
            """
        return try ToolRun.run(program: "/usr/bin/env", ["python3", "-c", script]).status == 0
    }
}
