import Foundation
import Telemetry

/// Full or incremental, and why.
struct BuildPlan {
    var isFull: Bool
    var reason: BuildReason
    /// For incremental builds: the previous highest id and row count.
    var previousMaxID = 0
    var previousCount = 0
    /// What the previous build summed up (empty for a full build).
    var tally = SiteTally()

    var mode: BuildMode { isFull ? .full : .incremental }

    static func make(
        options: SiteBuildOptions, manifest: BuildManifest?, inputs: String, extent: (count: Int, maxID: Int),
        queries: TelemetryQueries
    ) throws -> BuildPlan {
        if options.full { return BuildPlan(isFull: true, reason: .forced) }
        guard let manifest, manifest.format == BuildManifest.formatVersion else {
            return BuildPlan(isFull: true, reason: .noPreviousBuild)
        }
        for file in ["build.json", "exports/index.json", "search/meta.js", "search/trades/index.js"]
        where !FileManager.default.fileExists(atPath: options.out.appendingPathComponent(file).path) {
            return BuildPlan(isFull: true, reason: .outputHasNoBuild)
        }
        guard manifest.inputs == inputs else { return BuildPlan(isFull: true, reason: .inputsChanged) }
        guard try queries.count(through: manifest.maxID) == manifest.rowCount else {
            return BuildPlan(isFull: true, reason: .rowsDeletedOrRewritten)
        }
        return BuildPlan(
            isFull: false, reason: .newRows(extent.count - manifest.rowCount), previousMaxID: manifest.maxID,
            previousCount: manifest.rowCount, tally: manifest.tally)
    }
}
