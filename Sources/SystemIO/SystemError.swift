internal import Glibc

/// A system call that failed: what was being done, on which path, and `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// What was being done ("remove", "write", "rename" …).
    public var operation: String
    /// The path it was done on.
    public var path: String
    /// The `errno` value.
    public var code: Int32

    /// Creates an error for `operation` on `path` with `errno` `code`.
    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// Whether the error says the path already exists.
    public var alreadyExists: Bool { code == EEXIST }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
