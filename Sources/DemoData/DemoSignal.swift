import Telemetry

/// One generated `automated_signals` row, values already in PostgreSQL text form.
struct DemoSignal {
    var tradeID: String
    var eventType: EventType
    var direction: String
    var entryPrice: String
    var stopLoss: String
    var session: String
    var bias: String
    var riskDistance: String
    var targets: String
    var currentPrice: String?
    var mfe: String?
    var beMFE: String?
    var noBeMFE: String?
    var exitPrice: String?
    var finalMFE: String?
    var signalDate: String
    var signalTime: String
    var timestamp: String

    static let copyColumns =
        "trade_id, event_type, direction, entry_price, stop_loss, session, bias, risk_distance, targets, "
        + "current_price, mfe, be_mfe, no_be_mfe, exit_price, final_mfe, signal_date, signal_time, timestamp"

    var copyFields: [String?] {
        [
            tradeID, eventType.rawValue, direction, entryPrice, stopLoss, session, bias, riskDistance, targets,
            currentPrice, mfe, beMFE, noBeMFE, exitPrice, finalMFE, signalDate, signalTime, timestamp,
        ]
    }
}

/// One generated live telemetry row (a webhook as the trading system logged it).
struct DemoTelemetry {
    var receivedAt: String
    var rawPayload: String
    var fusedEvent: String?
    var validationError: String?
    var handlerResult: String
    var processingTimeMs: Int

    static let copyColumns =
        "received_at, raw_payload, fused_event, validation_error, handler_result, processing_time_ms"

    var copyFields: [String?] {
        [receivedAt, rawPayload, fusedEvent, validationError, handlerResult, String(processingTimeMs)]
    }
}
