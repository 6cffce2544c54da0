import Logging
import ServiceLifecycle
import SystemIO

/// Whether the server is stopping: set when the first SIGTERM (or SIGINT) arrives, before the
/// listener closes and in-flight requests drain, so `/readyz` answers 503 from then on.
public final class Readiness: Sendable {
    private let stopping = Locked(false)

    /// Not stopping.
    public init() {}

    /// Whether a graceful shutdown has begun.
    public var isStopping: Bool { stopping.withLock { $0 } }

    /// Marks the shutdown as begun.
    public func stop() { stopping.withLock { $0 = true } }
}

/// A service that waits for the service group's graceful shutdown and marks `readiness`
/// stopping. Listed after the application, it is told first (a group shuts its services down
/// last to first), so readiness fails before the listener closes.
struct ReadinessWatcher: Service {
    let readiness: Readiness
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        readiness.stop()
        logger.notice(
            "stopping: /readyz answers 503, no new connections; requests in flight get \(timeout.components.seconds) s to finish"
        )
    }
}
