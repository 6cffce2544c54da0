public import JSONKit
import Postgres

/// One row of `telemetry_automated_signals_log`, decoded once when it is read: the timestamp
/// with its day, the three JSON documents parsed, the event type typed. Every column may be
/// NULL. Nothing downstream parses a row again.
public struct TelemetryRow: Sendable, Equatable {
    /// The row's primary key.
    public var id: Int
    /// `received_at`; nil when NULL.
    public var receivedAt: Timestamp?
    /// `raw_payload`; nil when NULL.
    public var rawPayload: JSONDocument?
    /// `fused_event`; nil when NULL.
    public var fusedEvent: JSONDocument?
    /// `validation_error`; nil when the row was valid.
    public var validationError: String?
    /// `handler_result`; nil when NULL.
    public var handlerResult: JSONDocument?
    /// `processing_time_ms`; nil when NULL.
    public var processingTimeMs: Int?
    /// `raw_payload->>'trade_id'` (NULL when absent or not an object).
    public var tradeID: String?
    /// `raw_payload->>'event_type'`.
    public var eventType: EventType?
    /// True for rows written by the backfill.
    public var isBackfill: Bool
    /// The backfill run that wrote the row, if any.
    public var runID: String?
    /// `raw_payload->>'mfe'`, for trade timelines.
    public var mfe: String?

    /// A row from its columns.
    public init(
        id: Int, receivedAt: Timestamp? = nil, rawPayload: JSONDocument? = nil, fusedEvent: JSONDocument? = nil,
        validationError: String? = nil, handlerResult: JSONDocument? = nil, processingTimeMs: Int? = nil,
        tradeID: String? = nil, eventType: EventType? = nil, isBackfill: Bool = false, runID: String? = nil,
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

    /// The row of a result of `TelemetryQueries.columns` (or `lightColumns`), decoded once.
    init(_ row: Row) {
        let stamp = row["received_at"].map { Timestamp(text: $0, exact: row["received_at_exact"]) }
        self.init(
            id: row.int("id") ?? 0, receivedAt: stamp, rawPayload: row["raw_payload"].map(JSONDocument.init(text:)),
            fusedEvent: row["fused_event"].map(JSONDocument.init(text:)), validationError: row["validation_error"],
            handlerResult: row["handler_result"].map(JSONDocument.init(text:)),
            processingTimeMs: row.int("processing_time_ms"), tradeID: row["trade_id"],
            eventType: row["event_type"].map(EventType.init(rawValue:)), isBackfill: row.bool("is_backfill") ?? false,
            runID: row["run_id"], mfe: row["mfe"])
    }

    /// The row without its JSON documents: what list, trade and error pages need.
    public var listing: TelemetryRow {
        var light = self
        light.rawPayload = nil
        light.fusedEvent = nil
        light.handlerResult = nil
        return light
    }
}
