import Foundation

/// Runs blocking work (a child process waited for) on a thread of its own, off Swift's
/// cooperative pool: on a 2-core machine two tests blocking that pool at once starve every
/// live server the suite runs (their handlers need the pool), so browsers time out.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
