/// The JSON answer of a backfill (CLI `--json` and the HTTP endpoint). The first five fields
/// mean what they meant in the original system.
public struct BackfillReport: Codable, Equatable, Sendable {
    public var success: Bool
    public var error: String?
    public var inserted: Int
    public var scanned: Int
    public var limit: Int
    public var limitRequested: Int
    public var skipped: Int
    /// How many rows the database refused; the first of them are in `failedRows`.
    public var failed: Int
    public var failedRows: [FailedRow]
    public var runID: String?
    public var durationMs: Int
    public var dryRun: Bool
    public var wouldInsert: Int?

    /// At most this many refused rows are listed; the run record has them all.
    public static let failedRowsShown = 100

    /// The report of a run (`runID` nil when nothing ran).
    public init(outcome: BackfillOutcome, options: BackfillOptions, runID: String?, durationMs: Int) {
        success = outcome.success
        error = outcome.error
        inserted = options.dryRun ? 0 : outcome.inserted
        scanned = outcome.scanned
        limit = options.limit.used
        limitRequested = options.limit.requested
        skipped = outcome.skipped
        failed = outcome.failed.count
        failedRows = Array(outcome.failed.prefix(Self.failedRowsShown))
        self.runID = runID
        self.durationMs = durationMs
        dryRun = options.dryRun
        wouldInsert = options.dryRun ? outcome.wouldInsert : nil
    }

    enum CodingKeys: String, CodingKey {
        case success, error, inserted, scanned, limit, skipped, failed
        case limitRequested = "limit_requested", failedRows = "failed_rows", runID = "run_id"
        case durationMs = "duration_ms", dryRun = "dry_run", wouldInsert = "would_insert"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(success, forKey: .success)
        try container.encode(error, forKey: .error)  // always present, null on success
        try container.encode(inserted, forKey: .inserted)
        try container.encode(scanned, forKey: .scanned)
        try container.encode(limit, forKey: .limit)
        try container.encode(limitRequested, forKey: .limitRequested)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(failed, forKey: .failed)
        try container.encode(failedRows, forKey: .failedRows)
        try container.encode(runID, forKey: .runID)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encodeIfPresent(wouldInsert, forKey: .wouldInsert)
    }
}
