import Foundation

/// Runs blocking work (a child process waited for) on a thread of its own, off Swift's
/// cooperative pool: on a 2-core machine two tests blocking that pool at once starve every
/// live server the suite runs (their handlers need the pool), so browsers time out.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// At most two fixtures (a seeded database and a built site) are made at once off the pool: as
/// many as the machine has cores, the number the pool's two threads allowed when fixtures were
/// made on it. Made all at once, twenty of them crowded out every live server's event loops
/// (a 5 s idle timeout once closed nothing within 60 s).
private let fixtureSlots = DispatchSemaphore(value: 2)

/// `offThePool` for making a fixture: waits (on its own thread) for one of `fixtureSlots`.
public func makeFixture<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await offThePool {
        fixtureSlots.wait()
        defer { fixtureSlots.signal() }
        return try work()
    }
}
