import Postgres

/// One row of `telemetry_automated_signals_log`, values as PostgreSQL printed them. Every
/// column may be NULL; JSON columns are JSON text (any JSON value).
public struct TelemetryRow: Sendable, Equatable {
    /// The row's primary key.
    public var id: Int
    /// `received_at` as PostgreSQL prints it; nil when NULL.
    public var receivedAt: String?
    /// `raw_payload` as stored (JSON text); nil when NULL.
    public var rawPayload: String?
    /// `fused_event` as stored (JSON text); nil when NULL.
    public var fusedEvent: String?
    /// `validation_error`; nil when the row was valid.
    public var validationError: String?
    /// `handler_result` as stored (JSON text); nil when NULL.
    public var handlerResult: String?
    /// `processing_time_ms`; nil when NULL.
    public var processingTimeMs: Int?
    /// `raw_payload->>'trade_id'` (NULL when absent or not an object).
    public var tradeID: String?
    /// `raw_payload->>'event_type'`.
    public var eventType: String?
    /// True for rows written by the backfill.
    public var isBackfill: Bool
    /// The backfill run that wrote the row, if any.
    public var runID: String?
    /// `raw_payload->>'mfe'`, for trade timelines.
    public var mfe: String?
    /// `received_at::text`, fractional seconds included (full rows only; exports need it exact).
    public var receivedAtExact: String?

    /// The calendar day of `received_at` (`YYYY-MM-DD`), nil when NULL or unreadable.
    public var receivedDay: String? { receivedAt.flatMap { CivilDay(timestamp: $0)?.text } }

    /// A row from its columns (the derived fields are read from the JSON).
    public init(
        id: Int, receivedAt: String? = nil, rawPayload: String? = nil, fusedEvent: String? = nil,
        validationError: String? = nil, handlerResult: String? = nil, processingTimeMs: Int? = nil,
        tradeID: String? = nil, eventType: String? = nil, isBackfill: Bool = false, runID: String? = nil,
        mfe: String? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.rawPayload = rawPayload
        self.fusedEvent = fusedEvent
        self.validationError = validationError
        self.handlerResult = handlerResult
        self.processingTimeMs = processingTimeMs
        self.tradeID = tradeID
        self.eventType = eventType
        self.isBackfill = isBackfill
        self.runID = runID
        self.mfe = mfe
    }

    init(_ row: Row) {
        self.init(
            id: row.int("id") ?? 0, receivedAt: row["received_at"], rawPayload: row["raw_payload"],
            fusedEvent: row["fused_event"], validationError: row["validation_error"],
            handlerResult: row["handler_result"], processingTimeMs: row.int("processing_time_ms"),
            tradeID: row["trade_id"], eventType: row["event_type"], isBackfill: row.bool("is_backfill") ?? false,
            runID: row["run_id"], mfe: row["mfe"])
        receivedAtExact = row["received_at_exact"]
    }
}
