import ArgumentParser
import Foundation

/// Options every database command takes.
struct SharedOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "libpq connection URI or keyword string. Default: $DATABASE_URL, else libpq's PG* variables.")
    var databaseURL: String?

    @Option(name: .customLong("state-dir"), help: "Folder for run records and build state.")
    var stateDirectory: String = ".telemetry-site"

    var stateURL: URL { URL(fileURLWithPath: stateDirectory, isDirectory: true) }
}
