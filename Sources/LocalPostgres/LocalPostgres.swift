public import Foundation
import SystemIO

/// A private PostgreSQL cluster on this machine, for tests and the demo.
///
/// The cluster listens on a Unix socket inside its data folder and on a free loopback port.
/// `initdb` refuses to run as root, so when the process is root the server programs run as
/// the `postgres` system user on a folder that user owns. Every connection, over the socket or
/// TCP, needs the superuser's password (SCRAM), generated when the cluster is created and kept
/// in the data folder (mode 0600): no other local user gets in while the cluster runs.
public final class LocalPostgres: Sendable {
    /// The cluster's data folder (also its socket folder).
    public let dataDirectory: URL
    /// The loopback TCP port the server listens on.
    public let port: Int
    let binaries: URL
    let runAs: String?
    let password: String

    /// The file in the data folder that holds the superuser's password.
    static let passwordFile = "telemetry-site.password"

    /// A libpq keyword connection string for `database` on this cluster (with the password).
    public func connectionString(database: String = "postgres") -> String {
        "host=127.0.0.1 port=\(port) user=postgres dbname=\(database) password=\(password)"
    }

    /// Starts a cluster in `directory`, creating it with `initdb` when the folder holds none.
    /// - Parameters:
    ///   - directory: the data folder. When the `postgres` user could not reach it, a folder
    ///     under the system temporary directory is used instead (see `usableDirectory`).
    ///   - fastAndUnsafe: turn off fsync and friends (tests and benchmarks: speed over durability).
    public static func start(in directory: URL, fastAndUnsafe: Bool = true) throws -> LocalPostgres {
        let binaries = try PostgresBinaries.locate()
        let runAs = ProcessIdentity.isRoot ? "postgres" : nil
        let directory = usableDirectory(directory, runAs: runAs)
        try prepare(directory, runAs: runAs)
        let pidFile = directory.appendingPathComponent("postmaster.pid")
        let passwordURL = directory.appendingPathComponent(passwordFile)
        let exists = FileManager.default.fileExists(atPath: directory.appendingPathComponent("PG_VERSION").path)
        if exists && !FileManager.default.fileExists(atPath: passwordURL.path) {
            // A cluster from before passwords (it trusted every local user): made again.
            try? run(
                binaries.appendingPathComponent("pg_ctl"), ["-D", directory.path, "-m", "immediate", "-w", "stop"],
                runAs: runAs)
            try FileManager.default.removeItem(at: directory)
            try prepare(directory, runAs: runAs)
        }
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("PG_VERSION").path) {
            try initialise(directory, binaries: binaries, runAs: runAs)
        } else if FileManager.default.fileExists(atPath: pidFile.path) {
            // A previous run died without stopping its server: stop it, or clear a stale pid file.
            try? run(
                binaries.appendingPathComponent("pg_ctl"), ["-D", directory.path, "-m", "immediate", "-w", "stop"],
                runAs: runAs)
        }
        return try launch(directory, binaries: binaries, runAs: runAs, fastAndUnsafe: fastAndUnsafe)
    }

    /// Starts the server on an existing data folder, on a free loopback port (a few tries: a
    /// port free a moment ago may be taken by the time the server binds it).
    static func launch(_ directory: URL, binaries: URL, runAs: String?, fastAndUnsafe: Bool) throws -> LocalPostgres {
        let passwordURL = directory.appendingPathComponent(passwordFile)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try freePort()
            var settings = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c max_connections=200"
            if fastAndUnsafe { settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
            do {
                try run(
                    binaries.appendingPathComponent("pg_ctl"),
                    [
                        "-D", directory.path, "-w", "-t", "60", "-l",
                        directory.appendingPathComponent("server.log").path, "-o", settings, "start",
                    ],
                    runAs: runAs)
                let password = try String(contentsOf: passwordURL, encoding: .utf8)
                return LocalPostgres(
                    dataDirectory: directory, port: port, binaries: binaries, runAs: runAs, password: password)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? LocalPostgresError(.didNotStart, "the server did not start")
    }

    init(dataDirectory: URL, port: Int, binaries: URL, runAs: String?, password: String) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.binaries = binaries
        self.runAs = runAs
        self.password = password
    }

    /// `initdb` with SCRAM authentication everywhere and a random superuser password, given to
    /// initdb in a file only the server's user can read and kept in the data folder afterwards.
    private static func initialise(_ directory: URL, binaries: URL, runAs: String?) throws {
        let password = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let transfer = directory.deletingLastPathComponent().appendingPathComponent(
            ".\(directory.lastPathComponent).pw-\(ProcessIdentity.current)")
        try Data(password.utf8).write(to: transfer)
        defer { try? FileManager.default.removeItem(at: transfer) }
        SystemUser.setMode(transfer.path, 0o600)
        if let runAs, let user = SystemUser(named: runAs) { try user.own(transfer.path) }
        try run(
            binaries.appendingPathComponent("initdb"),
            [
                "-D", directory.path, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=\(transfer.path)", "-E",
                "UTF8", "--no-sync",
            ],
            runAs: runAs)
        let kept = directory.appendingPathComponent(passwordFile)
        try Data(password.utf8).write(to: kept)
        SystemUser.setMode(kept.path, 0o600)
    }

    /// Stops the server (fast shutdown: open sessions are ended, work not committed is lost).
    public func stop() {
        try? LocalPostgres.run(
            binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"],
            runAs: runAs)
    }
}

/// A failure to start or drive the private cluster, with the program's own output.
public struct LocalPostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// No PostgreSQL server binaries, or no `postgres` system user.
        case notInstalled
        /// The data folder could not be prepared or handed to the server's user.
        case folder
        /// A PostgreSQL program (initdb, pg_ctl, pg_basebackup) could not run or failed.
        case programFailed
        /// The server did not start.
        case didNotStart
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong, with the server's log when it has one.
    public var message: String
    /// The error that caused it (a spawn or file-system error), when another error did.
    public var underlying: (any Error)?

    /// A failure of kind `code` described by `message`, caused by `underlying` when given.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
