public import Postgres

/// A source row whose synthetic telemetry row the database refused.
public struct FailedRow: Codable, Equatable, Sendable {
    /// `automated_signals.id` of the row.
    public var id: Int
    /// Why its insert failed (PostgreSQL's message).
    public var error: String

    /// A failed source row.
    public init(id: Int, error: String) {
        self.id = id
        self.error = error
    }
}

/// What a run did. Every count is what the database committed.
public struct BackfillOutcome: Sendable {
    /// Why a run did not succeed (for exit codes, HTTP status and the record's error text).
    public enum Failure: Sendable, CustomStringConvertible {
        /// Another run holds the advisory lock.
        case alreadyRunning
        /// A table the backfill needs does not exist.
        case missingTable(String)
        /// The database failed (connecting, or a statement the savepoints could not isolate).
        case database(PostgresError)

        public var description: String {
            switch self {
            case .alreadyRunning: BackfillOutcome.alreadyRunningMessage
            case .missingTable(let table): "table \(table) does not exist"
            case .database(let error): "\(error)"
            }
        }

        /// A failure from whatever a run threw (a `PostgresError` is kept as it is).
        static func from(_ error: any Error) -> Failure {
            .database(error as? PostgresError ?? PostgresError(kind: .protocolViolation, message: "\(error)"))
        }
    }

    /// Why the run failed; nil when it succeeded (refused rows do not fail a run).
    public var failure: Failure?
    /// Source rows examined (eligible plus those skipped as already covered).
    public var scanned = 0
    /// Telemetry rows inserted.
    public var inserted = 0
    /// Rows already backfilled or already logged live.
    public var skipped = 0
    /// Source rows whose insert failed (each rolled back alone).
    public var failed: [FailedRow] = []
    /// Eligible rows a dry run would insert.
    public var wouldInsert = 0
    /// Batches run.
    public var batches = 0

    /// - Parameter failure: why the run failed, or nil.
    public init(failure: Failure? = nil) {
        self.failure = failure
    }

    /// Whether the run succeeded.
    public var success: Bool { failure == nil }
    /// The failure's text, for reports and records.
    public var error: String? { failure?.description }
    /// Whether another run held the lock.
    public var wasAlreadyRunning: Bool {
        if case .alreadyRunning = failure { return true }
        return false
    }

    /// The error of a run refused because another held the lock.
    public static let alreadyRunningMessage = "a backfill is already running"
}
