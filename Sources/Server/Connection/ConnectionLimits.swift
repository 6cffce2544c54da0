public import NIOCore
import Synchronization
import SystemIO

/// How long a connection may take, and how many may be open at once.
public struct ConnectionLimits: Sendable {
    /// From accepting a connection (or finishing an answer) to a request's complete head.
    public var headerTimeout: TimeAmount
    /// An idle keep-alive connection between requests.
    public var idleTimeout: TimeAmount
    /// From a request's head to the end of its body.
    public var bodyTimeout: TimeAmount
    /// Connections open at once; further ones are closed on arrival.
    public var maxConnections: Int
    /// Connections open at once from one client (one IPv4 address, one IPv6 /64), within
    /// `maxConnections`: one client holding idle sockets cannot shut the others out.
    public var maxPerClient: Int

    /// - Parameters:
    ///   - headerTimeout: from accept (or the last answer) to a complete request head.
    ///   - idleTimeout: an idle keep-alive connection.
    ///   - bodyTimeout: from a request head to its body's end.
    ///   - maxConnections: connections open at once.
    ///   - maxPerClient: connections open at once from one client.
    public init(
        headerTimeout: TimeAmount = .seconds(10), idleTimeout: TimeAmount = .seconds(60),
        bodyTimeout: TimeAmount = .seconds(30), maxConnections: Int = 1024, maxPerClient: Int = 64
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
        self.maxPerClient = maxPerClient
    }
}

/// Connections open now, in all and per client, shared by every connection's guard; and the
/// refusals not yet logged (a flood is logged once a second, with its count, not once per
/// connection).
final class ConnectionCount: Sendable {
    private let open = Atomic<Int>(0)
    private let perClient = Locked<[String: Int]>([:])
    private let refusals = Locked<(lastLogged: NIODeadline?, pending: Int)>((nil, 0))

    /// Counts one more from `client`; false (and not counted) when that client has `limit`
    /// open already.
    func enter(client: String, limit: Int) -> Bool {
        perClient.withLock { counts in
            let current = counts[client, default: 0]
            guard current < limit else { return false }
            counts[client] = current + 1
            return true
        }
    }

    func leave(client: String) {
        perClient.withLock { counts in
            let left = counts[client, default: 1] - 1
            counts[client] = left > 0 ? left : nil
        }
    }

    /// Records a refusal; the number to log now (this one and those held back), or nil when a
    /// line was logged less than a second ago.
    func refused(now: NIODeadline = .now()) -> Int? {
        refusals.withLock { state in
            state.pending += 1
            if let last = state.lastLogged, now - last < .seconds(1) { return nil }
            let count = state.pending
            state = (now, 0)
            return count
        }
    }

    /// Counts one more; false (and not counted) when `limit` are open already.
    func enter(limit: Int) -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = open.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func leave() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    var current: Int { open.load(ordering: .relaxed) }
}
