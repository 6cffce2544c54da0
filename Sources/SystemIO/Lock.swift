internal import Foundation

/// A pthread mutex (`NSLock`) that guards code rather than a value: the folder and list locks.
/// They were `Locked<Void>` until ThreadSanitizer reported a race inside one of them (in CI's
/// sanitized demo build; the report itself was lost). The likely cause, not proven: the `inout`
/// access to a zero-sized value is instrumented as a write just past the object's last field,
/// which may be the next heap object's first byte. A lock with no value has no such access.
public final class Lock: @unchecked Sendable {
    private let lock = NSLock()

    /// An unlocked lock.
    public init() {}

    /// Runs `body` holding the lock.
    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
