/// The two tables of the trading system, exactly as production defines them. The tool only
/// creates them on demo and test databases (`seed`); it never alters an existing table.
public enum Schema {
    /// The source table the backfill reads (never writes).
    public static let signalsTable = "automated_signals"
    /// The telemetry table the webhooks log into and the backfill adds to.
    public static let telemetryTable = "telemetry_automated_signals_log"

    /// `CREATE TABLE IF NOT EXISTS` for both tables.
    public static let createTables = """
        CREATE TABLE IF NOT EXISTS automated_signals (
            id SERIAL PRIMARY KEY,
            trade_id VARCHAR(100),
            event_type VARCHAR(20),
            direction VARCHAR(10),
            entry_price DECIMAL(10,2),
            stop_loss DECIMAL(10,2),
            session VARCHAR(20),
            bias VARCHAR(20),
            risk_distance DECIMAL(10,2),
            targets JSONB,
            current_price DECIMAL(10,2),
            mfe DECIMAL(10,4),
            be_mfe DECIMAL(10,4),
            no_be_mfe DECIMAL(10,4),
            exit_price DECIMAL(10,2),
            final_mfe DECIMAL(10,4),
            signal_date DATE,
            signal_time TIME,
            timestamp TIMESTAMP DEFAULT NOW()
        );
        CREATE TABLE IF NOT EXISTS telemetry_automated_signals_log (
            id SERIAL PRIMARY KEY,
            received_at TIMESTAMP DEFAULT NOW(),
            raw_payload JSONB,
            fused_event JSONB,
            validation_error TEXT,
            handler_result JSONB,
            processing_time_ms INTEGER
        );
        """
}
