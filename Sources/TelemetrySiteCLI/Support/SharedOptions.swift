import ArgumentParser
import Foundation
import Redaction
import SystemIO

/// Options every database command takes.
struct SharedOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "libpq connection URI or keyword string. Default: $DATABASE_URL, else libpq's PG* variables.",
            discussion:
                "Give a password through $DATABASE_URL, --database-url-file or ~/.pgpass: one typed here is visible in ps until the arguments are parsed (then it is overwritten with *)."
        ))
    var databaseURL: String?

    @Option(
        name: .customLong("database-url-file"),
        help: "A file holding the connection string (one line, mode 0600 or less, like ~/.pgpass).")
    var databaseURLFile: String?

    @Option(name: .customLong("state-dir"), help: "Folder for run records and build state.")
    var stateDirectory: String = ".telemetry-site"

    @Option(
        name: .customLong("redact-rules"),
        help: "A JSON rules file that extends (or, with \"defaults\": false, replaces) the built-in redaction rules.")
    var redactRules: String?

    @Flag(
        name: .customLong("no-redact"),
        help: "Publish secrets as stored: no redaction. Every page then carries a banner saying so.")
    var noRedact = false

    var stateURL: URL { URL(fileURLWithPath: stateDirectory, isDirectory: true) }

    /// Options made in code rather than typed (the demo): parsed from arguments, so every
    /// option, present or added later, has its default (a property-wrapped option left unset
    /// in code traps when read).
    static func made(databaseURL: String, stateDirectory: String) throws -> SharedOptions {
        try parse(["--database-url", databaseURL, "--state-dir", stateDirectory])
    }

    /// On unless `--no-redact`, with the rules file when given.
    var redaction: RedactionSetting {
        noRedact ? .off : .rules(file: redactRules.map { URL(fileURLWithPath: $0) })
    }

    mutating func validate() throws {
        if noRedact && redactRules != nil { throw ValidationError("--no-redact and --redact-rules exclude each other") }
        if let databaseURLFile {
            guard databaseURL == nil else {
                throw ValidationError("--database-url and --database-url-file exclude each other")
            }
            databaseURL = try ConnectionSecrets.read(file: databaseURLFile, option: "--database-url-file")
        }
        if let problem = PrivateFiles.problem(withFolder: stateDirectory) { throw ValidationError(problem) }
    }
}
