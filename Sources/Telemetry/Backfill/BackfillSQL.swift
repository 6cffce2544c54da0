/// The statements of the backfill engine. Values are always bound (`$n`), never spliced.
enum BackfillSQL {
    /// Session lock key shared by every telemetry-site process on a database.
    static let lockKey: Int64 = 0x7465_6c65_6d42_4b46

    static let source = "backfill_7L"

    /// A session-private set of source ids that already have telemetry (temporary tables
    /// change no schema and vanish with the session).
    static let createCovered = """
        CREATE TEMP TABLE IF NOT EXISTS telemetry_site_covered (id integer PRIMARY KEY);
        TRUNCATE telemetry_site_covered;
        """

    /// Ids already backfilled (guarded cast: other rows may hold anything under that key) and
    /// ids already logged live (same trade_id and event_type in a non-backfill row's payload).
    static let fillCovered = """
        INSERT INTO telemetry_site_covered (id)
        SELECT (t.handler_result->>'automated_signal_id')::integer
          FROM telemetry_automated_signals_log t
         WHERE jsonb_typeof(t.handler_result) = 'object'
           AND t.handler_result->>'source' = 'backfill_7L'
           AND (t.handler_result->>'automated_signal_id') ~ '^[0-9]{1,9}$'
        UNION
        SELECT s.id
          FROM automated_signals s
          JOIN telemetry_automated_signals_log t
            ON jsonb_typeof(t.raw_payload) = 'object'
           AND t.raw_payload->>'trade_id' = s.trade_id
           AND t.raw_payload->>'event_type' = s.event_type
         WHERE CASE WHEN jsonb_typeof(t.handler_result) = 'object'
                    THEN t.handler_result->>'source' ELSE NULL END IS DISTINCT FROM 'backfill_7L'
        ON CONFLICT DO NOTHING;
        ANALYZE telemetry_site_covered;
        """

    /// Eligible source rows not yet covered (for dry runs and progress totals).
    static let countEligible = """
        SELECT count(*) AS eligible FROM automated_signals s
         WHERE NOT EXISTS (SELECT 1 FROM telemetry_site_covered c WHERE c.id = s.id)
        """

    /// The next batch below the cursor `$1`, newest first, at most `$2` ids, plus how many
    /// source rows the batch's id range spans (so skipped = scanned - batch size).
    static let nextBatch = """
        WITH batch AS (
            SELECT s.id FROM automated_signals s
             WHERE s.id < $1::bigint
               AND NOT EXISTS (SELECT 1 FROM telemetry_site_covered c WHERE c.id = s.id)
             ORDER BY s.id DESC
             LIMIT $2::integer)
        SELECT coalesce((SELECT array_agg(id ORDER BY id DESC) FROM batch), '{}') AS ids,
               (SELECT count(*) FROM automated_signals s
                 WHERE s.id < $1::bigint
                   AND s.id >= CASE WHEN (SELECT count(*) FROM batch) = $2::integer
                                    THEN (SELECT min(id) FROM batch) ELSE -2147483648 END) AS scanned
        """

    /// One synthetic telemetry row per uncovered source id in `$1...$2` (a batch, or part of
    /// one while bisecting): the whole source row as JSON (numbers keep their exact digits),
    /// received_at = the signal's own timestamp. A range keeps the scan on the primary key.
    static let insertBatch = """
        INSERT INTO telemetry_automated_signals_log
               (received_at, raw_payload, fused_event, validation_error, handler_result, processing_time_ms)
        SELECT coalesce(s."timestamp", now()), to_jsonb(s), NULL, NULL,
               jsonb_build_object('source', 'backfill_7L', 'automated_signal_id', s.id,
                                  'run_id', $3::text, 'backfilled_at', now()),
               0
          FROM automated_signals s
         WHERE s.id BETWEEN $1::integer AND $2::integer
           AND NOT EXISTS (SELECT 1 FROM telemetry_site_covered c WHERE c.id = s.id)
         ORDER BY s.id
        """
}
