import Dispatch
import Foundation
import SystemIO

/// Blocking work (a database stream) on a Dispatch queue of its own, beside the build's
/// `WorkerPool`; `wait()` rethrows its error.
public final class BackgroundJob: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let failure = Locked<(any Error)?>(nil)

    /// Starts `work` on a serial queue labelled `name`.
    public init(name: String, _ work: @escaping @Sendable () throws -> Void) {
        DispatchQueue(label: "telemetry-site.\(name)").async { [self] in
            do {
                try work()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
    }

    /// Waits for the work to end; its error, if it failed.
    public func wait() throws {
        done.wait()
        done.signal()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
