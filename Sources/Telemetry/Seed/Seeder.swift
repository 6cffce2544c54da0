public import Postgres

/// Fills a demo or test database: creates the two tables when missing and loads generated
/// trade lifecycles and live telemetry through `COPY`.
public struct Seeder {
    public struct Options: Sendable {
        public var trades: Int
        /// Stop after exactly this many signals (the last lifecycle is cut short), if set.
        public var maxSignals: Int?
        public var seed: UInt64
        /// Add to tables that already hold rows.
        public var append: Bool

        public init(trades: Int = 200, maxSignals: Int? = nil, seed: UInt64 = 42, append: Bool = false) {
            self.trades = trades
            self.maxSignals = maxSignals
            self.seed = seed
            self.append = append
        }
    }

    public struct Counts: Sendable, Equatable {
        public var trades = 0
        public var signals = 0
        public var telemetry = 0
    }

    /// Refusal to seed a database that already holds data.
    public struct NotEmpty: Error, CustomStringConvertible {
        public var table: String
        public var description: String {
            "table \(table) already holds rows; pass --append to add demo data to it anyway"
        }
    }

    let connection: Connection

    public init(connection: Connection) { self.connection = connection }

    public func seed(_ options: Options) throws -> Counts {
        try connection.execute(Schema.createTables)
        if !options.append {
            for table in [Schema.signalsTable, Schema.telemetryTable] {
                let row = try connection.query("SELECT EXISTS (SELECT 1 FROM \(table)) AS used").first
                if row?.bool("used") == true { throw NotEmpty(table: table) }
            }
        }
        // About 5.5 signals a trade: enough trades that the newest 40 % are logged live.
        let trades = options.maxSignals.map { max(1, $0 * 2 / 11) } ?? options.trades
        var generator = DemoGenerator(seed: options.seed, trades: trades)
        var counts = Counts()
        var pending: [DemoTelemetry] = []
        try connection.transaction {
            try connection.copyIn("COPY automated_signals (\(DemoSignal.copyColumns)) FROM STDIN") { write in
                var index = 0
                while options.maxSignals.map({ counts.signals < $0 }) ?? (index < trades) {
                    defer { index += 1 }
                    let lifecycle = generator.trade(index)
                    counts.trades += 1
                    for (position, signal) in lifecycle.signals.enumerated() {
                        if let cap = options.maxSignals, counts.signals >= cap { break }
                        try write(CopyText.line(signal.copyFields))
                        counts.signals += 1
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
