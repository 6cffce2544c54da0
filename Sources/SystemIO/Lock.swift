internal import Foundation

/// A pthread mutex (`NSLock`) that guards code rather than a value: the folder and list locks.
/// `Locked<Void>` would do the same, but its `inout` access to a zero-sized value is instrumented
/// by ThreadSanitizer as a write at the address after the object's last field, which may be the
/// next heap object's first byte: a race reported between two unrelated objects (it hung a
/// sanitized demo build, its report never written).
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
