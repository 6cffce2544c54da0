import Redaction
import Telemetry

/// What the index and error pages sum up over every row, folded in as rows stream by. It is
/// kept in the manifest, so an incremental build folds in only its new rows: no table scans.
struct SiteTally: Codable, Equatable {
    var stats = StatsTally()
    var errors = ErrorGroups()
    /// What redaction masked in these rows (never a value).
    var redactions = RedactionTally()
    /// The rows the index lists.
    var index = IndexRows()

    /// Folds in one row as the site sees it, with what redaction masked in it.
    mutating func add(_ row: TelemetryRow, masked: Redactor.Counts) {
        stats.add(row)
        errors.add(row)
        redactions.add(masked)
        index.add(row)
    }
}
