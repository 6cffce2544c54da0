public import NIOCore
import Synchronization

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

    /// - Parameters:
    ///   - headerTimeout: from accept (or the last answer) to a complete request head.
    ///   - idleTimeout: an idle keep-alive connection.
    ///   - bodyTimeout: from a request head to its body's end.
    ///   - maxConnections: connections open at once.
    public init(
        headerTimeout: TimeAmount = .seconds(10), idleTimeout: TimeAmount = .seconds(60),
        bodyTimeout: TimeAmount = .seconds(30), maxConnections: Int = 1024
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }
}

/// Connections open now, shared by every connection's guard.
final class ConnectionCount: Sendable {
    private let open = Atomic<Int>(0)

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
