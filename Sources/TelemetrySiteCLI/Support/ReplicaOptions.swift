import ArgumentParser
import Foundation
import Telemetry

/// Where the site build reads (a hot standby) and how long it waits for the standby to replay
/// the backfill written on the primary; shared by `build`, `run` and `serve`.
struct ReplicaOptions: ParsableArguments {
    @Option(
        name: .customLong("read-database-url"),
        help: ArgumentHelp(
            "libpq URI or keyword string for everything the site build reads (a hot standby). Default: $READ_DATABASE_URL, else the primary.",
            discussion:
                "Multi-host URIs with target_session_attrs=prefer-standby work as in libpq; writes stay on --database-url."
        ))
    var readDatabaseURL: String?

    @Option(
        name: .customLong("read-database-url-file"),
        help: "A file holding the read connection string (one line, mode 0600 or less).")
    var readDatabaseURLFile: String?

    @Option(
        name: .customLong("replica-wait"),
        help: ArgumentHelp(
            "Seconds the build after a backfill waits for the standby to replay it; then an error (0: do not wait).",
            valueName: "seconds"))
    var replicaWait: Double = 30

    mutating func validate() throws {
        if let readDatabaseURLFile {
            guard readDatabaseURL == nil else {
                throw ValidationError("--read-database-url and --read-database-url-file exclude each other")
            }
            readDatabaseURL = try ConnectionSecrets.read(file: readDatabaseURLFile, option: "--read-database-url-file")
        }
        guard replicaWait.isFinite, (0...86_400).contains(replicaWait) else {
            throw ValidationError("--replica-wait must be within 0...86400 seconds, not \(replicaWait)")
        }
    }

    /// The read connection when one was given (the option, else `READ_DATABASE_URL`).
    var readURL: String? {
        readDatabaseURL ?? ProcessInfo.processInfo.environment["READ_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// After a backfill on `primary`: the wait for the standby to replay it, nil when the build
    /// reads the primary itself or `--replica-wait 0`.
    func catchUp(primary: String?) throws -> ReplicaCatchUp? {
        guard readURL != nil, replicaWait > 0 else { return nil }
        let position = try ReplicaCatchUp.primaryPosition(url: primary)
        return ReplicaCatchUp(position: position, timeout: .milliseconds(Int64(replicaWait * 1000)))
    }
}
