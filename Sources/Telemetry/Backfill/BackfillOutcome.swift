/// A source row whose synthetic telemetry row the database refused.
public struct FailedRow: Codable, Equatable, Sendable {
    /// `automated_signals.id` of the row.
    public var id: Int
    public var error: String

    public init(id: Int, error: String) {
        self.id = id
        self.error = error
    }
}

/// What a run did. Every count is what the database committed.
public struct BackfillOutcome: Sendable {
    /// Why a run did not succeed, for exit codes and HTTP status.
    public enum Failure: Sendable, Equatable {
        case alreadyRunning
        case missingTable(String)
        case database
    }

    public var success: Bool
    public var error: String?
    public var failure: Failure?
    /// Source rows examined (eligible plus those skipped as already covered).
    public var scanned = 0
    public var inserted = 0
    /// Rows already backfilled or already logged live.
    public var skipped = 0
    public var failed: [FailedRow] = []
    /// Eligible rows a dry run would insert.
    public var wouldInsert = 0
    public var batches = 0

    public init(success: Bool = true, error: String? = nil, failure: Failure? = nil) {
        self.success = success
        self.error = error
        self.failure = failure
    }

    public static let alreadyRunningMessage = "a backfill is already running"
}
