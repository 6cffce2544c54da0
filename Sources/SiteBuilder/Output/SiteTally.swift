import Telemetry

/// What the index and error pages sum up over every row, folded in as rows stream by. It is
/// kept in the manifest, so an incremental build folds in only its new rows: no table scans.
struct SiteTally: Codable, Equatable {
    var stats = StatsTally()
    var errors = ErrorGroups()

    mutating func add(_ row: TelemetryRow) {
        stats.add(row)
        errors.add(row)
    }
}
