public import Logging
public import Postgres

/// Reads of the telemetry table for the site. Rows stream (single-row mode), so memory stays
/// flat whatever the table size; extra production columns are ignored.
public struct TelemetryQueries {
    let connection: Connection

    /// Queries on `connection`.
    public init(connection: Connection) { self.connection = connection }

    /// Queries on a new read connection to `url` (nil: libpq's `PG*` environment).
    public static func open(url: String?, connectTimeout: Int? = nil) throws -> TelemetryQueries {
        TelemetryQueries(connection: try Connection(url: url, connectTimeout: connectTimeout))
    }

    /// Waits until this connection's server has replayed `catchUp` (a standby behind the
    /// primary a backfill just wrote to).
    public func wait(for catchUp: ReplicaCatchUp, logger: Logger) throws {
        try catchUp.wait(on: connection, logger: logger)
    }

    static let columns = """
        t.id, to_char(t.received_at, 'YYYY-MM-DD HH24:MI:SS') AS received_at, t.received_at::text AS received_at_exact,
        t.raw_payload::text AS raw_payload,
        t.fused_event::text AS fused_event, t.validation_error, t.handler_result::text AS handler_result,
        t.processing_time_ms,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'trade_id' END AS trade_id,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'event_type' END AS event_type,
        coalesce(jsonb_typeof(t.handler_result) = 'object' AND t.handler_result->>'source' = '\(BackfillSQL.source)', false) AS is_backfill,
        CASE WHEN jsonb_typeof(t.handler_result) = 'object' THEN t.handler_result->>'run_id' END AS run_id,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'mfe' END AS mfe
        """

    /// The columns without the three JSON documents (list, trade and error pages need no more).
    static let lightColumns = """
        t.id, to_char(t.received_at, 'YYYY-MM-DD HH24:MI:SS') AS received_at,
        NULL::text AS raw_payload, NULL::text AS fused_event, t.validation_error, NULL::text AS handler_result,
        t.processing_time_ms,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'trade_id' END AS trade_id,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'event_type' END AS event_type,
        coalesce(jsonb_typeof(t.handler_result) = 'object' AND t.handler_result->>'source' = '\(BackfillSQL.source)', false) AS is_backfill,
        NULL::text AS run_id,
        CASE WHEN jsonb_typeof(t.raw_payload) = 'object' THEN t.raw_payload->>'mfe' END AS mfe
        """

    /// Whether the telemetry table exists.
    public func tableExists() throws -> Bool { try connection.relationExists(Schema.telemetryTable) }

    /// Row count and highest id.
    public func extent() throws -> (count: Int, maxID: Int) {
        let row = try connection.query(
            "SELECT count(*) AS n, coalesce(max(id), 0) AS max FROM telemetry_automated_signals_log"
        ).first
        return (row?.int("n") ?? 0, row?.int("max") ?? 0)
    }

    /// Every row with `afterID < id <= throughID`, oldest first.
    public func stream(
        after afterID: Int = 0, through throughID: Int = Int(Int32.max), _ body: (TelemetryRow) throws -> Void
    ) throws {
        try connection.stream(
            "SELECT \(Self.columns) FROM telemetry_automated_signals_log t WHERE t.id > $1::bigint AND t.id <= $2::bigint ORDER BY t.id",
            [afterID, throughID]
        ) { try body(TelemetryRow($0)) }
    }

    /// How many rows have `id <= throughID` (a smaller number than last time means deletions).
    public func count(through throughID: Int) throws -> Int {
        try connection.query(
            "SELECT count(*) AS n FROM telemetry_automated_signals_log WHERE id <= $1::bigint", [throughID]
        )
        .first?.int("n") ?? 0
    }

    /// The rows up to `throughID`, oldest first, starting `stepsBack` rows before `anchorID`
    /// (0: at the anchor itself), or at the oldest row when there is no anchor. Walks back from
    /// the anchor, so it costs the steps, not the table.
    public func rows(
        stepsBack: Int, from anchorID: Int?, through throughID: Int, _ body: (TelemetryRow) throws -> Void
    ) throws {
        try connection.stream(
            """
            SELECT \(Self.columns) FROM telemetry_automated_signals_log t
             WHERE t.id <= $3::bigint
               AND ($1::bigint IS NULL OR t.id >= (SELECT id FROM telemetry_automated_signals_log WHERE id <= $1::bigint
                                                    ORDER BY id DESC OFFSET $2::bigint LIMIT 1))
             ORDER BY t.id
            """, [anchorID, max(0, stepsBack), throughID]
        ) { try body(TelemetryRow($0)) }
    }

    /// The rows with these ids, in the order of `ids` (ids no longer in the table are left out).
    public func rows(ids: [Int]) throws -> [TelemetryRow] {
        let found = try connection.query(
            "SELECT \(Self.columns) FROM telemetry_automated_signals_log t WHERE t.id = ANY($1::text[]::bigint[])",
            [TextArray(ids.map(String.init))]
        ).rows.map(TelemetryRow.init)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// Light rows with `id <= throughID` of the trades in `tradeIDs` (or of every trade when
    /// nil), grouped by trade, oldest first within each. Trades come in the search index's key
    /// order: ASCII letters lowercased, then the id, both in UTF-8 byte order (`COLLATE "C"`).
    /// With `candidates`, only rows among them are read (through the primary key): the caller
    /// vouches that the trades have no other rows.
    public func streamTrades(
        _ tradeIDs: [String]? = nil, through throughID: Int = Int(Int32.max), among candidates: RowCandidates? = nil,
        _ body: (TelemetryRow) throws -> Void
    ) throws {
        let light = Self.lightColumns
        var filter = tradeIDs == nil ? "" : "AND t.raw_payload->>'trade_id' = ANY($2::text[])"
        if candidates != nil { filter += " AND (t.id = ANY($3::text[]::bigint[]) OR t.id > $4::bigint)" }
        let sql = """
            SELECT \(light) FROM telemetry_automated_signals_log t
             WHERE t.id <= $1::bigint AND jsonb_typeof(t.raw_payload) = 'object'
               AND t.raw_payload->>'trade_id' IS NOT NULL \(filter)
             ORDER BY translate(t.raw_payload->>'trade_id', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
                      COLLATE "C", (t.raw_payload->>'trade_id') COLLATE "C", t.received_at NULLS FIRST, t.id
            """
        var parameters: [any SQLParameter] = [throughID]
        if let tradeIDs { parameters.append(TextArray(tradeIDs)) }
        if let candidates {
            precondition(tradeIDs != nil, "candidates narrow a list of trades")
            parameters += [TextArray(candidates.ids.map(String.init)), candidates.after]
        }
        try connection.stream(sql, parameters) { try body(TelemetryRow($0)) }
    }
}
