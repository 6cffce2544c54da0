import Foundation
import NIOPosix
import SystemIO
import Telemetry

/// The database's health as last seen. `/healthz` answers from here at once; a check runs in
/// the background on the health pool (not the login's or the jobs' pool), with a
/// connect timeout, when the state is older than `interval` (at most one at a time), so
/// anonymous health requests can neither stall nor queue behind password checks or a backfill.
final class HealthMonitor: Sendable {
    /// What the last check found.
    enum Database: String, Sendable {
        case unknown, reachable, unreachable
    }

    struct State: Sendable {
        var database = Database.unknown
        var checkedAt: ContinuousClock.Instant?
        var checking = false
    }

    private let databaseURL: String?
    private let interval: Duration
    private let connectTimeout: Int
    private let state = Locked(State())

    /// - Parameters:
    ///   - databaseURL: the database to check.
    ///   - interval: how old a result may be before a request starts a new check.
    ///   - connectTimeout: seconds a check may wait for the database to answer.
    init(databaseURL: String?, interval: Duration = .seconds(5), connectTimeout: Int = 2) {
        self.databaseURL = databaseURL
        self.interval = interval
        self.connectTimeout = connectTimeout
    }

    /// The last known state; starts a background check when it is stale.
    func current() -> State {
        let now = ContinuousClock.now
        let (snapshot, start) = state.withLock { state -> (State, Bool) in
            let stale = state.checkedAt.map { now - $0 >= interval } ?? true
            let start = stale && !state.checking
            if start { state.checking = true }
            return (state, start)
        }
        if start { refresh() }
        return snapshot
    }

    private func refresh() {
        let (url, timeout) = (databaseURL, connectTimeout)
        BlockingPools.shared.health.submit { [self] _ in
            let reachable = DatabaseHealth.check(url: url, connectTimeout: timeout)
            state.withLock {
                $0 = State(database: reachable ? .reachable : .unreachable, checkedAt: .now, checking: false)
            }
        }
    }
}
