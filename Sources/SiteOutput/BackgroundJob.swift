import Dispatch
import Foundation
import SystemIO

/// Blocking work (a database stream) on a thread of its own; `wait()` rethrows its error.
public final class BackgroundJob: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let failure = Locked<(any Error)?>(nil)

    /// Starts `work` on a new thread named `name`.
    public init(name: String, _ work: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do {
                try work()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to end; its error, if it failed.
    public func wait() throws {
        done.wait()
        done.signal()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
