public import Foundation

/// The record of one backfill run, stored as JSON and Markdown under the state folder.
public struct RunRecord: Codable, Equatable, Sendable {
    /// `YYYYMMDD-HHMMSS-xxxxxx` (UTC start time and random suffix): sorts by time.
    public var runID: String
    /// `cli`, `http:<user>`, …
    public var trigger: RunTrigger
    /// When the run started.
    public var startedAt: Date
    /// When the run ended.
    public var finishedAt: Date
    /// The per-batch limit asked for.
    public var limitRequested: Int
    /// The per-batch limit used (the request clamped to `BackfillLimit.range`).
    public var limit: Int
    /// Whether the run went on until no eligible row was left.
    public var all: Bool
    /// Whether the run only counted (inserting nothing).
    public var dryRun: Bool
    /// Source rows the batches looked at.
    public var scanned: Int
    /// Telemetry rows inserted (0 for a dry run).
    public var inserted: Int
    /// Rows a dry run would have inserted; nil for a run that wrote (and in records older than
    /// this field).
    public var wouldInsert: Int?
    /// Source rows scanned but already covered.
    public var skipped: Int
    /// Rows whose insert failed, each with its error (the rest of the batch went in).
    public var failed: [FailedRow]
    /// Batches run.
    public var batches: Int
    /// Whether the run ended without a fatal error.
    public var success: Bool
    /// The fatal error, when there was one.
    public var error: String?
    /// "host H port P database D" of the database the run wrote to.
    public var database: String

    /// Wall time of the run in milliseconds.
    public var durationMs: Int

    /// The record of a run that has ended.
    public init(
        runID: String, trigger: RunTrigger, startedAt: Date, finishedAt: Date, options: BackfillOptions,
        outcome: BackfillOutcome, database: String
    ) {
        self.runID = runID
        self.trigger = trigger
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationMs = max(0, Int((finishedAt.timeIntervalSince(startedAt) * 1000).rounded()))
        self.limitRequested = options.limit.requested
        self.limit = options.limit.used
        self.all = options.all
        self.dryRun = options.dryRun
        self.scanned = outcome.scanned
        self.inserted = options.dryRun ? 0 : outcome.inserted
        self.wouldInsert = options.dryRun ? outcome.wouldInsert : nil
        self.skipped = outcome.skipped
        self.failed = outcome.failed
        self.batches = outcome.batches
        self.success = outcome.success
        self.error = outcome.error
        self.database = database
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", trigger, startedAt = "started_at", finishedAt = "finished_at"
        case limitRequested = "limit_requested", limit, all, dryRun = "dry_run", scanned, inserted
        case wouldInsert = "would_insert"
        case skipped, failed, batches, success, error, database, durationMs = "duration_ms"
    }

    /// A new sortable run id: UTC time to the second plus random hex, e.g. `20261129-130501-4f2a9c`.
    public static func makeID(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let stamp =
            "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))-\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
        let random = String(UInt32.random(in: 0x10_0000...0xff_ffff), radix: 16)
        return "\(stamp)-\(random)"
    }
}
