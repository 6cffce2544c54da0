internal import Foundation

/// A value behind a pthread mutex (`NSLock`). Used instead of `Synchronization.Mutex`, whose
/// Linux implementation (futex calls inside the uninstrumented standard library) is invisible to
/// ThreadSanitizer: it reported races on state only ever touched under the lock. A pthread mutex
/// is intercepted by the sanitizer, so a report from it is a real race.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// - Parameter value: the initial value.
    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
