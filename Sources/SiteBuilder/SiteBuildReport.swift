public import RunSummaries

/// What a build did.
public struct SiteBuildReport: Codable, Sendable {
    /// Full or incremental.
    public var mode: BuildMode
    /// Why that mode.
    public var reason: BuildReason
    /// Telemetry rows in the table.
    public var rows: Int
    /// The newest row's id.
    public var maxID: Int
    /// Pages rendered.
    public var pages: Int
    /// Files whose bytes changed.
    public var written: Int
    /// Wall time of the build in milliseconds.
    public var durationMs: Int
    /// The site folder written.
    public var out: String
    /// Relative paths that changed (empty for full builds, where everything did).
    public var changedFiles: [String]
    /// How the validation-error groups changed since the previous build.
    public var errorTrends: ErrorTrends
    /// Milliseconds spent on the search index (summed over threads).
    public var searchMs: Int

    enum CodingKeys: String, CodingKey {
        case mode, reason, rows, pages, written, out
        case maxID = "max_id", durationMs = "duration_ms", changedFiles = "changed_files"
        case errorTrends = "error_trends", searchMs = "search_ms"
    }
}
