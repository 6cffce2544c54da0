import SystemIO

/// This server's backfill in flight, if any: a second POST is answered at once instead of
/// queueing on the job threads behind one that waits for a database that does not answer.
final class BackfillGate: Sendable {
    /// Where the backfill in flight is.
    enum Phase: Equatable, Sendable {
        /// Opening its connection (a hung database holds it here until the connect timeout).
        case connecting
        /// Connected and working.
        case running
    }

    private let phase = Locked<Phase?>(nil)

    /// Takes the gate for a new backfill (nil), or says what holds it.
    func enter() -> Phase? {
        phase.withLock { current in
            if let current { return current }
            current = .connecting
            return nil
        }
    }

    /// The backfill holding the gate has its connection.
    func connected() {
        phase.withLock { $0 = .running }
    }

    /// The backfill holding the gate has finished (its site rebuild too).
    func leave() {
        phase.withLock { $0 = nil }
    }
}
