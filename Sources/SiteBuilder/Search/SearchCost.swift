import SystemIO

/// The time a build spends on its search index (rows folded into day chunks, trade chunks,
/// summaries), summed over the threads that do that work: the build report's `search_ms`.
final class SearchCost: Sendable {
    private let total = Locked(Duration.zero)

    /// Runs `work`, adding its duration.
    func measure<T>(_ work: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let spent = clock.now - start
            total.withLock { $0 += spent }
        }
        return try work()
    }

    /// Milliseconds so far.
    var milliseconds: Int {
        let spent = total.withLock { $0 }
        return Int(spent.components.seconds * 1000 + spent.components.attoseconds / 1_000_000_000_000_000)
    }
}
