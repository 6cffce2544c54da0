/// The statements of the backfill engine. Values are always bound (`$n`), never spliced.
enum BackfillSQL {
    /// Session lock key shared by every telemetry-site process on a database.
    static let lockKey: Int64 = 0x7465_6c65_6d42_4b46

    /// The `handler_result.source` tag of a synthetic row: the one spelling every statement
    /// uses (a fixed identifier of ours, so it is written into the SQL text, not bound).
    static let source = "backfill_7L"

    /// The eligible source ids, newest first, numbered 1, 2, 3 … (`ord`), computed once under
    /// the lock (a session-private temporary table: no schema change) so each batch is a
    /// primary-key range instead of an anti-join against the whole telemetry table (the
    /// quadratic trap). `$1` caps how many are taken (NULL: all).
    static let createEligible = """
        CREATE TEMP TABLE IF NOT EXISTS telemetry_site_eligible (ord integer PRIMARY KEY, id integer NOT NULL);
        TRUNCATE telemetry_site_eligible;
        """

    /// Fills that table with the source ids no telemetry row covers yet, newest first, at most `$1`.
    /// Covered means: a backfilled telemetry row carries the id (the cast is guarded: other rows
    /// may hold anything under that key), or a live row has the same trade_id and event_type.
    static let fillEligible = """
        INSERT INTO telemetry_site_eligible (ord, id)
        SELECT row_number() OVER (ORDER BY s.id DESC), s.id
          FROM automated_signals s
         WHERE NOT EXISTS (
                 SELECT 1 FROM telemetry_automated_signals_log t
                  WHERE jsonb_typeof(t.handler_result) = 'object'
                    AND t.handler_result->>'source' = '\(source)'
                    AND CASE WHEN (t.handler_result->>'automated_signal_id') ~ '^[0-9]{1,9}$'
                             THEN (t.handler_result->>'automated_signal_id')::integer END = s.id)
           AND NOT EXISTS (
                 SELECT 1 FROM telemetry_automated_signals_log t
                  WHERE jsonb_typeof(t.raw_payload) = 'object'
                    AND t.raw_payload->>'trade_id' = s.trade_id
                    AND t.raw_payload->>'event_type' = s.event_type
                    AND CASE WHEN jsonb_typeof(t.handler_result) = 'object'
                             THEN t.handler_result->>'source' END IS DISTINCT FROM '\(source)')
         ORDER BY s.id DESC
         LIMIT $1::bigint
        """

    /// The ids of the batch `$1 < ord <= $2`, newest first.
    static let batchIDs = """
        SELECT coalesce(array_agg(id ORDER BY ord), '{}') AS ids
          FROM telemetry_site_eligible WHERE ord > $1::integer AND ord <= $2::integer
        """

    /// Source rows with `$1 <= id < $2`: what a batch looked at (eligible and skipped).
    static let countSpan = """
        SELECT count(*) AS scanned FROM automated_signals WHERE id >= $1::bigint AND id < $2::bigint
        """

    /// One synthetic telemetry row per source id in `$1` (an integer array), in id order: the
    /// batches of a run, on whichever connection takes them (the eligible table is private to
    /// the run's own session). `$2` is the run id.
    static let insertIDs = """
        INSERT INTO telemetry_automated_signals_log
               (received_at, raw_payload, fused_event, validation_error, handler_result, processing_time_ms)
        SELECT coalesce(s."timestamp", now()), to_jsonb(s), NULL, NULL,
               jsonb_build_object('source', '\(source)', 'automated_signal_id', s.id,
                                  'run_id', $2::text, 'backfilled_at', now()),
               0
          FROM automated_signals s
         WHERE s.id = ANY($1::integer[])
         ORDER BY s.id
        """

}
