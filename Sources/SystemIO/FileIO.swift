internal import CSystemIO
internal import Glibc

/// Whole-file writes, renames and the atomic swap of two paths.
public enum FileIO {
    /// How `write(_:to:existing:mode:)` treats a file that is already there.
    public enum Existing: Sendable {
        /// Replace its bytes.
        case truncate
        /// Fail with `SystemError.alreadyExists` (a path written twice in one build is a bug).
        case refuse
    }

    /// Writes `bytes` to `path` (created with `mode`, 0644 by default), retrying interrupted
    /// writes.
    public static func write(
        _ bytes: [UInt8], to path: String, existing: Existing = .truncate, mode: UInt32 = 0o644
    ) throws {
        try NewFile(opening: path, flags: existing == .refuse ? O_EXCL : O_TRUNC, mode: mode).write(bytes)
    }

    /// Appends `bytes` to the file at `path` (created with `mode`, 0644 by default, when
    /// missing).
    public static func append(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644) throws {
        try NewFile(opening: path, flags: O_APPEND, mode: mode).write(bytes, operation: "append to")
    }

    /// Writes all of `bytes` to an open descriptor; nil, or the `errno` that stopped it.
    @discardableResult
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }

    /// Writes `bytes` to standard error (unbuffered, whole).
    public static func writeToStandardError(_ bytes: [UInt8]) {
        writeAll(bytes, to: STDERR_FILENO)
    }

    /// Renames `source` over `destination` (atomic on one file system).
    public static func rename(_ source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw SystemError(operation: "rename \(source) to", path: destination, code: errno)
        }
    }

    /// Removes one file; a missing file is not an error.
    public static func removeFile(_ path: String) {
        unlink(path)
    }

    /// Atomically exchanges two existing paths (`renameat2(RENAME_EXCHANGE)`); false when the
    /// file system cannot (the caller falls back to two renames).
    public static func exchange(_ first: String, _ second: String) -> Bool {
        telemetry_site_exchange_paths(first, second) == 0
    }

    /// Whether `path` exists (without following a final symbolic link).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
