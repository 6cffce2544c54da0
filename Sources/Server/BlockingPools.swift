import NIOPosix

/// Threads for blocking work, one pool per kind, so that one kind stalling (a database that
/// does not answer) never delays another (password checks for the login form).
struct BlockingPools: Sendable {
    /// bcrypt for logins.
    let passwords: NIOThreadPool
    /// Backfill runs and site rebuilds.
    let jobs: NIOThreadPool

    /// The process's pools, started on first use and kept for the life of the process (like
    /// `NIOThreadPool.singleton`).
    static let shared = BlockingPools(
        passwords: started(2), jobs: started(2))

    private static func started(_ threads: Int) -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }
}
