import Foundation
public import Logging
public import Postgres

/// Reading from a hot standby without missing what was just written on the primary.
///
/// A standby replays the primary's WAL some time after the primary wrote it. A job that
/// backfills on the primary and then builds from a standby takes the primary's WAL position
/// after its backfill (``primaryPosition(url:)``) and has the build's connection wait until
/// the standby has replayed past it (``wait(on:logger:)``), for at most ``timeout``. A standby
/// that does not catch up in time is an error: the site is not rebuilt from it (falling back to
/// the primary would put the report queries on the server the standby is there to spare).
public struct ReplicaCatchUp: Sendable {
    /// The primary's WAL position (`pg_lsn` text, such as `0/3000148`) the standby must pass.
    public var position: String
    /// How long to wait for the standby.
    public var timeout: Duration
    /// How often to look again.
    public var interval: Duration = .milliseconds(50)

    /// A wait for `position`, for at most `timeout`.
    public init(position: String, timeout: Duration) {
        self.position = position
        self.timeout = timeout
    }

    /// The primary's current WAL insert position (after every transaction committed so far).
    public static func primaryPosition(url: String?, connectTimeout: Int? = nil) throws -> String {
        let connection = try Connection(url: url, connectTimeout: connectTimeout)
        let row = try connection.query(
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text"
        ).first
        guard let position = row?[0] else {
            throw ReplicaLagError(.noPosition, "the primary at \(connection.target) reported no WAL position")
        }
        return position
    }

    /// Returns once `connection`'s server has replayed past ``position`` (at once when it is
    /// not a standby); throws ``ReplicaLagError`` when ``timeout`` passes first.
    ///
    /// A look that the standby cancels for a conflict with recovery (which is most likely just
    /// when it catches up, replaying fast what it held back) is looked at again: the wait is for
    /// the replay, and the replay is what cancelled it.
    public func wait(on connection: Connection, logger: Logger) throws {
        try wait(on: connection, logger: logger) { try Self.replayState(on: connection, past: $0) }
    }

    /// ``wait(on:logger:)`` with each look made by `look`.
    func wait(on connection: Connection, logger: Logger, look: (String) throws -> ReplayState) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var logged = false
        var replayed = "nothing"  // the last position a look saw, kept across cancelled looks
        while true {
            do {
                let state = try look(position)
                guard state.inRecovery, !state.pastPosition else { return }
                replayed = state.replayed
            } catch let error as PostgresError where error.isTransientConflict {
                logger.info(
                    "the standby cancelled a look at its replay (conflict with recovery); looking again",
                    metadata: ["standby": "\(connection.target)", "error": "\(error)"])
            }
            guard clock.now < deadline else {
                throw ReplicaLagError(
                    .timedOut,
                    "the standby at \(connection.target) has replayed the WAL up to \(replayed), short of \(position) "
                        + "(where the primary was after the backfill) after waiting \(timeout) (--replica-wait); "
                        + "the site was not rebuilt, so it would not miss the rows just written")
            }
            if !logged {
                logger.notice(
                    "waiting for the standby to replay the backfill",
                    metadata: ["standby": "\(connection.target)", "replayed": "\(replayed)", "needed": "\(position)"])
                logged = true
            }
            Thread.sleep(forTimeInterval: Self.seconds(interval))
        }
    }

    /// Where a server's replay stands against `position`.
    struct ReplayState {
        /// Whether the server is a standby.
        var inRecovery: Bool
        /// Whether it has replayed past `position`.
        var pastPosition: Bool
        /// How far it has replayed (`pg_lsn` text, or `nothing`).
        var replayed: String
    }

    /// One look at `connection`'s replay.
    static func replayState(on connection: Connection, past position: String) throws -> ReplayState {
        let state = try connection.query(
            """
            SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false),
                   coalesce(pg_last_wal_replay_lsn()::text, 'nothing')
            """, [position]
        ).first
        return ReplayState(
            inRecovery: state?[0] == "t", pastPosition: state?[1] == "t", replayed: state?[2] ?? "nothing")
    }
}

extension ReplicaCatchUp {
    /// `duration` in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A standby that had not replayed the primary's writes within the wait.
public struct ReplicaLagError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// The primary reported no WAL position.
        case noPosition
        /// The standby did not replay far enough in time.
        case timedOut
    }

    /// What kind of problem.
    public var code: Code
    /// What was waited for and how far the standby got.
    public var message: String

    /// A problem of kind `code`, said in `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
