public import RunSummaries

/// What a build did. Its JSON (`build --json`) gives the number of changed files and the path
/// of the change list that names them, not the files themselves (thousands on a big site).
public struct SiteBuildReport: Encodable, Sendable {
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
    /// The folder of the change list this build recorded for `publish` (its `info.json` and one
    /// file per part); nil when none was completed.
    public var changeList: String?
    /// How the validation-error groups changed since the previous build.
    public var errorTrends: ErrorTrends
    /// Milliseconds spent on the search index (summed over threads).
    public var searchMs: Int

    enum CodingKeys: String, CodingKey {
        case mode, reason, rows, pages, written, out, changed
        case maxID = "max_id", durationMs = "duration_ms", changeList = "change_list"
        case errorTrends = "error_trends", searchMs = "search_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(reason, forKey: .reason)
        try container.encode(rows, forKey: .rows)
        try container.encode(maxID, forKey: .maxID)
        try container.encode(pages, forKey: .pages)
        try container.encode(written, forKey: .written)
        // A full build replaces the whole site: every file it wrote changed.
        try container.encode(mode == .full ? written : changedFiles.count, forKey: .changed)
        try container.encode(changeList, forKey: .changeList)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(out, forKey: .out)
        try container.encode(errorTrends, forKey: .errorTrends)
        try container.encode(searchMs, forKey: .searchMs)
    }
}
