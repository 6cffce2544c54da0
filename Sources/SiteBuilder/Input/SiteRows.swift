import Redaction
import Telemetry

/// Where rows enter the site: the one redaction step. Every row the build reads (the row stream,
/// the trade stream, the index's newest rows) is masked here, before anything is derived from it
/// (pages, JSON panes, diffs, trade pages, error groups, the tally), so nothing the site
/// publishes ever sees an unmasked value. The database is only read.
struct SiteRows {
    /// A row as the site sees it.
    struct Entered {
        /// The masked row.
        let row: TelemetryRow
        /// The trade id as stored (to query the trade's other rows; never shown).
        let storedTradeID: String?
        /// Values masked in the row, per rule.
        let counts: Redactor.Counts
    }

    let queries: TelemetryQueries
    /// nil only with `--no-redact`.
    let redactor: Redactor?

    /// `TelemetryQueries.rows`, masked.
    func rows(
        stepsBack: Int, from anchorID: Int?, through throughID: Int, _ body: (Entered) throws -> Void
    ) throws {
        try queries.rows(stepsBack: stepsBack, from: anchorID, through: throughID) { try body(enter($0)) }
    }

    /// `TelemetryQueries.rows(ids:)`, masked.
    func rows(ids: [Int]) throws -> [TelemetryRow] {
        try queries.rows(ids: ids).map { enter($0).row }
    }

    /// `TelemetryQueries.streamTrades`, masked.
    func streamTrades(
        _ tradeIDs: [String]?, through throughID: Int, among candidates: RowCandidates? = nil,
        _ body: (Entered) throws -> Void
    ) throws {
        try queries.streamTrades(tradeIDs, through: throughID, among: candidates) { try body(enter($0)) }
    }

    /// The row with its JSON documents and free text masked. Derived columns (trade id, event
    /// type, run id, MFE) are masked as text too, counted once in their document.
    func enter(_ stored: TelemetryRow) -> Entered {
        guard let redactor else { return Entered(row: stored, storedTradeID: stored.tradeID, counts: [:]) }
        var counts = Redactor.Counts()
        var row = stored
        row.rawPayload = stored.rawPayload.map { redactor.redact($0, counts: &counts) }
        row.fusedEvent = stored.fusedEvent.map { redactor.redact($0, counts: &counts) }
        row.handlerResult = stored.handlerResult.map { redactor.redact($0, counts: &counts) }
        row.validationError = stored.validationError.map { redactor.redactText($0, counts: &counts) }
        var derived = Redactor.Counts()
        row.tradeID = stored.tradeID.map { redactor.redactText($0, counts: &derived) }
        row.eventType = stored.eventType.map { EventType(rawValue: redactor.redactText($0.rawValue, counts: &derived)) }
        row.runID = stored.runID.map { redactor.redactText($0, counts: &derived) }
        row.mfe = stored.mfe.map { redactor.redactText($0, counts: &derived) }
        return Entered(row: row, storedTradeID: stored.tradeID, counts: counts)
    }
}
