public import Foundation
import SystemIO

extension LocalPostgres {
    /// Starts a streaming hot standby of this cluster in `directory` (replacing what is there):
    /// `pg_basebackup -R` copies the cluster and writes the standby's connection to it, then the
    /// standby starts on its own loopback port and replays the primary's WAL as it streams.
    ///
    /// The standby connects with the superuser's password, read from a password file kept
    /// beside its data folder (mode 0600, the server user's own), never from a command line.
    public func startStandby(in directory: URL, fastAndUnsafe: Bool = true) throws -> LocalPostgres {
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
        return try Self.launch(directory, binaries: binaries, runAs: runAs, fastAndUnsafe: fastAndUnsafe)
    }
}
