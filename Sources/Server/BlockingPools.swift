import NIOPosix

/// Threads for blocking work, one pool per kind, so that one kind stalling (a database that
/// does not answer) never delays another (password checks for the login form).
struct BlockingPools: Sendable {
    /// bcrypt for logins.
    let passwords: NIOThreadPool
    /// Backfill runs and site rebuilds.
    let jobs: NIOThreadPool
    /// Database health checks: each server's monitor runs at most one at a time, bounded by its
    /// connect timeout, so a host that never answers holds one of these and nothing else.
    /// Four threads: a process may serve several sites (the tests run many servers at once).
    let health: NIOThreadPool

    /// The process's pools, started on first use and kept for the life of the process (like
    /// `NIOThreadPool.singleton`).
    static let shared = BlockingPools(passwords: started(2), jobs: started(2), health: started(4))

    private static func started(_ threads: Int) -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }
}

/// Work the server leaves running in the background.
public enum BackgroundWork {
    /// Waits for the database health checks in flight (each bounded by its connect timeout) and
    /// stops their pool. A process about to exit calls it, so that no check is inside libpq and
    /// OpenSSL while their atexit cleanup frees the locks it holds.
    public static func drain() async {
        try? await BlockingPools.shared.health.shutdownGracefully()
    }
}
