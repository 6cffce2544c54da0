public import Foundation
import SystemIO

extension LocalPostgres {
    /// Starts a streaming hot standby of this cluster in `directory` (replacing what is there):
    /// `pg_basebackup -R` copies the cluster and writes the standby's connection to it, then the
    /// standby starts on its own loopback port and replays the primary's WAL as it streams.
    ///
    /// The standby connects with the superuser's password, read from a password file kept
    /// beside its data folder (mode 0600, the server user's own), never from a command line.
    ///
    /// `settings` go into the standby's `postgresql.auto.conf` before it starts, so they hold
    /// from its first moment (a reload is asynchronous) and `ALTER SYSTEM` can change them later.
    public func startStandby(
        in directory: URL, settings: [String: String] = [:], fastAndUnsafe: Bool = true
    ) throws -> LocalPostgres {
        let directory = Self.usableDirectory(directory, runAs: runAs)
        if FileManager.default.fileExists(atPath: directory.path) { try FolderRemoval.remove(directory.path) }
        try Self.prepare(directory, runAs: runAs)
        let passfile = directory.deletingLastPathComponent().appendingPathComponent(
            ".\(directory.lastPathComponent).pgpass")
        try Data("127.0.0.1:\(port):*:postgres:\(password)\n".utf8).write(to: passfile)
        SystemUser.setMode(passfile.path, 0o600)
        if let runAs, let user = SystemUser(named: runAs) {
            try user.own(passfile.path)
            // pg_basebackup copies every file of the data folder through the server: the
            // password file must be the server user's to be copied.
            try user.own(dataDirectory.appendingPathComponent(Self.passwordFile).path)
        }
        try Self.run(
            binaries.appendingPathComponent("pg_basebackup"),
            [
                "-D", directory.path, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d",
                "host=127.0.0.1 port=\(port) user=postgres passfile=\(passfile.path) application_name=standby",
            ],
            runAs: runAs)
        if !settings.isEmpty {
            let lines = settings.sorted { $0.key < $1.key }.map {
                "\($0.key) = '\($0.value.replacingOccurrences(of: "'", with: "''"))'\n"
            }
            let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("postgresql.auto.conf"))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(lines.joined().utf8))
        }
        return try Self.launch(directory, binaries: binaries, runAs: runAs, fastAndUnsafe: fastAndUnsafe)
    }
}
