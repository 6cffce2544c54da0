public import Foundation

/// A real rsync daemon on a loopback port serving one writable module, `site`, whose files are
/// in `folder`. It runs in a session of its own, so a test can freeze it (and the receiver it
/// forks per connection) with one signal to the group.
public final class RsyncDaemon {
    public let folder: URL
    public let port: Int
    private let process: Spawned
    private let work: URL

    /// The module's address for `publish --to`.
    public var url: String { "rsync://127.0.0.1:\(port)/site/" }

    public init() throws {
        work = temporaryFolder("rsyncd")
        folder = work.appendingPathComponent("module")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try TestPorts.free()
        let owner = getuid() == 0 ? "uid = 0\ngid = 0\n" : ""
        let config = """
            pid file = \(work.path)/rsyncd.pid
            lock file = \(work.path)/rsyncd.lock
            log file = \(work.path)/rsyncd.log
            use chroot = false
            \(owner)
            [site]
                path = \(folder.path)
                read only = false
            """
        let configURL = work.appendingPathComponent("rsyncd.conf")
        try Data(config.utf8).write(to: configURL)
        process = try Spawned(
            program: "/usr/bin/setsid",
            [
                "rsync", "--daemon", "--no-detach", "--config=\(configURL.path)", "--address=127.0.0.1",
                "--port=\(port)",
            ])
        guard try TestPorts.waitForListener(port) else {
            kill(-process.pid, SIGKILL)
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "rsync daemon did not start"])
        }
    }

    /// Stops (or lets go on) the daemon and every receiver it runs.
    public func freeze(_ frozen: Bool) {
        kill(-process.pid, frozen ? SIGSTOP : SIGCONT)
    }

    public func stop() {
        kill(-process.pid, SIGCONT)
        kill(-process.pid, SIGKILL)
        _ = process.wait()
        try? FileManager.default.removeItem(at: work)
    }
}
