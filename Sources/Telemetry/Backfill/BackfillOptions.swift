import Foundation

/// What one backfill run should do.
public struct BackfillOptions: Sendable {
    /// Rows per batch.
    public var limit: BackfillLimit
    /// Keep taking batches until no eligible row is left.
    public var all: Bool
    /// Count what would be inserted, write nothing.
    public var dryRun: Bool
    /// Who asked: `cli`, `http:<user>`, …; stored in the run record.
    public var trigger: RunTrigger
    /// Connections inserting batches at once (the first also holds the run's lock).
    public var jobs = BackfillOptions.defaultJobs

    /// One job per core, at most 8.
    public static var defaultJobs: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Options for one run; the defaults are one batch of `BackfillLimit.defaultValue` from the CLI.
    public init(
        limit: BackfillLimit = BackfillLimit(), all: Bool = false, dryRun: Bool = false,
        trigger: RunTrigger = .commandLine
    ) {
        self.limit = limit
        self.all = all
        self.dryRun = dryRun
        self.trigger = trigger
    }
}
