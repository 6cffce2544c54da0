public import Postgres
import Telemetry

/// Fills a demo or test database: creates the two tables when missing and loads generated
/// trade lifecycles and live telemetry through `COPY`.
public struct Seeder {
    /// What to seed.
    public struct Options: Sendable {
        /// Trades to generate (each a lifecycle of signals).
        public var trades: Int
        /// Stop after exactly this many signals (the last lifecycle is cut short), if set.
        public var maxSignals: Int?
        /// The generator's seed: the same seed makes the same data.
        public var seed: UInt64
        /// Add to tables that already hold rows.
        public var append: Bool
        /// The index of the first trade: 0 starts the demo's timeline (with `append`, it starts
        /// after the trades already there, so appending makes new trades and never adds events
        /// to finished ones); a later index continues
        /// it as "the next night": every trade logged live but those of an hour when the log
        /// was down (left for the backfill), with a failure mode that is new.
        public var firstTrade = 0

        /// Options with the demo's defaults.
        public init(trades: Int = 200, maxSignals: Int? = nil, seed: UInt64 = 42, append: Bool = false) {
            self.trades = trades
            self.maxSignals = maxSignals
            self.seed = seed
            self.append = append
        }
    }

    /// What a seeding inserted.
    public struct Counts: Sendable, Equatable {
        /// Trades generated.
        public var trades = 0
        /// Rows inserted into `automated_signals`.
        public var signals = 0
        /// Rows inserted into the telemetry log.
        public var telemetry = 0
        /// Signals of trades logged live whose webhooks the log missed (an outage).
        public var unlogged = 0
    }

    /// Refusal to seed a database that already holds data.
    public struct NotEmpty: Error, CustomStringConvertible {
        /// The table that is not empty.
        public var table: String
        public var description: String {
            "table \(table) already holds rows; pass --append to add demo data to it anyway"
        }
    }

    let connection: Connection

    /// A seeder writing through `connection`.
    public init(connection: Connection) { self.connection = connection }

    /// Whether `automated_signals` exists and holds rows (seeded before, or a real database).
    public func isSeeded() throws -> Bool {
        try connection.relationExists(Schema.signalsTable) && holdsRows(Schema.signalsTable)
    }

    /// Creates the database `name` unless it exists, through `admin` (a connection to another
    /// database of the same cluster). `name` is an identifier of ours, quoted.
    public static func createDatabase(_ name: String, through admin: Connection) throws {
        let exists = try admin.query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS present", [name])
        if exists.first?.bool("present") != true {
            try admin.execute("CREATE DATABASE \"\(name.replacing("\"", with: "\"\""))\"")
        }
    }

    /// How many trades `automated_signals` holds (the demo's trades are numbered in order).
    public func seededTrades() throws -> Int {
        try connection.query("SELECT count(DISTINCT trade_id) AS n FROM automated_signals").first?.int("n") ?? 0
    }

    private func holdsRows(_ table: String) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM \(table)) AS used").first?.bool("used") == true
    }

    /// Creates the tables when missing and inserts generated trades; refuses a non-empty table unless `options.append`.
    public func seed(_ options: Options) throws -> Counts {
        try connection.execute(Schema.createTables)
        if !options.append {
            for table in [Schema.signalsTable, Schema.telemetryTable] where try holdsRows(table) {
                throw NotEmpty(table: table)
            }
        }
        var options = options
        if options.append && options.firstTrade == 0 { options.firstTrade = try seededTrades() }
        // About 5.5 signals a trade: enough trades that the newest 40 % are logged live.
        let trades = options.maxSignals.map { max(1, $0 * 2 / 11) } ?? options.trades
        var generator = DemoGenerator(seed: options.seed, trades: trades, firstTrade: options.firstTrade)
        var counts = Counts()
        var pending: [DemoTelemetry] = []
        try connection.transaction {
            try connection.copyIn("COPY automated_signals (\(DemoSignal.copyColumns)) FROM STDIN") { write in
                var index = options.firstTrade
                while options.maxSignals.map({ counts.signals < $0 }) ?? (index < options.firstTrade + trades) {
                    defer { index += 1 }
                    let lifecycle = generator.trade(index)
                    counts.trades += 1
                    for (position, signal) in lifecycle.signals.enumerated() {
                        if let cap = options.maxSignals, counts.signals >= cap { break }
                        try write(CopyText.line(signal.copyFields))
                        counts.signals += 1
                        if generator.outage.contains(index) { counts.unlogged += 1 }
                        if position < lifecycle.telemetry.count { pending.append(lifecycle.telemetry[position]) }
                    }
                }
            }
            try connection.copyIn(
                "COPY telemetry_automated_signals_log (\(DemoTelemetry.copyColumns)) FROM STDIN"
            ) { write in
                for row in pending.sorted(by: { $0.receivedAt < $1.receivedAt }) {
                    try write(CopyText.line(row.copyFields))
                }
            }
            counts.telemetry = pending.count
        }
        try connection.execute("ANALYZE automated_signals; ANALYZE telemetry_automated_signals_log")
        return counts
    }
}
