public import Foundation

/// The record of one backfill run, stored as JSON and Markdown under the state folder.
public struct RunRecord: Codable, Equatable, Sendable {
    public var runID: String
    /// `cli`, `http:<user>`, …
    public var trigger: RunTrigger
    public var startedAt: Date
    public var finishedAt: Date
    public var limitRequested: Int
    public var limit: Int
    public var all: Bool
    public var dryRun: Bool
    public var scanned: Int
    public var inserted: Int
    public var skipped: Int
    public var failed: [FailedRow]
    public var batches: Int
    public var success: Bool
    public var error: String?
    /// "host H port P database D" of the database the run wrote to.
    public var database: String

    public var durationMs: Int

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
