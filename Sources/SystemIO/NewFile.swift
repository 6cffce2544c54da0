internal import Glibc

/// A file created but not yet written: creating is the step that takes the folder's lock in the
/// kernel, so a caller can hold its own folder lock for the creates only and write the bytes
/// after releasing it. ``write(_:)`` writes and closes; ``discard()`` closes without writing
/// (the file stays, empty). Exactly one of the two must be called.
public struct NewFile: Sendable {
    /// The path it was created at.
    public let path: String
    private let descriptor: Int32

    /// Creates `path` (with `mode`), failing with `SystemError.alreadyExists` when it is there.
    public init(creating path: String, mode: UInt32 = 0o644) throws {
        try self.init(opening: path, flags: O_EXCL, mode: mode)
    }

    /// Opens `path` for writing with `O_CREAT` and the extra `flags` (`O_EXCL`, `O_TRUNC` or
    /// `O_APPEND`); `FileIO`'s whole-file writes share it.
    init(opening path: String, flags: Int32, mode: UInt32) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, mode_t(mode))
        guard descriptor >= 0 else { throw SystemError(operation: "create", path: path, code: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Writes all of `bytes` (retrying interrupted writes) and closes the file.
    public func write(_ bytes: [UInt8]) throws {
        try write(bytes, operation: "write")
    }

    /// ``write(_:)``, naming `operation` in the error.
    func write(_ bytes: [UInt8], operation: String) throws {
        defer { close(descriptor) }
        if let failure = FileIO.writeAll(bytes, to: descriptor) {
            throw SystemError(operation: operation, path: path, code: failure)
        }
    }

    /// Closes the file unwritten.
    public func discard() {
        close(descriptor)
    }
}
