import ArgumentParser
import DemoData
import Postgres
import Telemetry

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create the two tables when missing and fill them with demo trade lifecycles.",
        discussion: "For demo and test databases only. Refuses tables that already hold rows unless --append."
    )

    @OptionGroup var shared: SharedOptions

    @Option(help: "Trade lifecycles to generate (each ENTRY, MFE_UPDATEs, maybe BE_TRIGGERED, an EXIT).")
    var trades: Int = 200

    @Option(help: "Stop at exactly this many signals (overrides --trades as needed).")
    var signals: Int?

    @Option(help: "Seed of the generator: the same seed gives the same data.")
    var seed: UInt64 = 42

    @Flag(
        help:
            "Add new trades to tables that already hold rows (\"the next night\": logged live but for an hour when the log was down, left for the backfill)."
    )
    var append = false

    @Flag(name: .customLong("schema-only"), help: "Only create the two tables when missing; insert nothing.")
    var schemaOnly = false

    func validate() throws {
        guard trades >= 1 else { throw ValidationError("--trades must be at least 1") }
        if let signals, signals < 1 { throw ValidationError("--signals must be at least 1") }
    }

    func run() throws {
        let connection = try Connection(url: shared.databaseURL)
        if schemaOnly {
            try connection.execute(Schema.createTables)
            Console.out("tables ready: \(Schema.signalsTable), \(Schema.telemetryTable)")
            return
        }
        let counts = try Seeder(connection: connection).seed(
            .init(trades: trades, maxSignals: signals, seed: seed, append: append))
        Console.out(
            "seeded \(counts.trades) trades: \(counts.signals) signals, \(counts.telemetry) live telemetry rows"
                + (counts.unlogged > 0 ? ", \(counts.unlogged) signals the log missed (left for the backfill)" : ""))
    }
}
