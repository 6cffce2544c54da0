internal import Glibc

/// An exclusive `flock(2)` on a file, held until ``unlock()`` or the process ends (the kernel
/// drops it with the descriptor, so a killed holder never leaves it taken).
public final class FileLock: Sendable {
    private let descriptor: Int32

    /// Opens (creating, mode 0600) `path` and waits until the lock is ours.
    public init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SystemError(operation: "open", path: path, code: errno) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(descriptor)
                throw SystemError(operation: "lock", path: path, code: code)
            }
        }
        self.descriptor = descriptor
    }

    /// Releases the lock.
    public func unlock() {
        close(descriptor)
    }
}
