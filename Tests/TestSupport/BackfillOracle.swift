/// What the backfill should insert, counted by PostgreSQL itself (the oracle of the backfill tests).
public enum BackfillOracle {
    /// The signals no live telemetry row covers (same trade and event type).
    public static let eligibleSQL = """
        SELECT count(*) FROM automated_signals s
         WHERE NOT EXISTS (SELECT 1 FROM telemetry_automated_signals_log t
                            WHERE t.raw_payload->>'trade_id' = s.trade_id
                              AND t.raw_payload->>'event_type' = s.event_type)
        """
}
