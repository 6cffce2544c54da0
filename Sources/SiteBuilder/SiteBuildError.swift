/// A build failure: the step it happened in, what kind of failure it is, and the error that
/// caused it when there was one (a PostgreSQL, template or file-system error, kept whole).
public struct SiteBuildError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure: a closed set that can grow without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case missingTable = "missing table"
            case unreadablePublishedFile = "unreadable published file"
            case nameCollision = "file name collision"
            case cannotWrite = "cannot write"
            case stepFailed = "step failed"
            case tooLarge = "too large"
        }

        private let base: Base

        /// The telemetry table does not exist.
        public static let missingTable = Code(base: .missingTable)
        /// An incremental build could not read back a file of the published site.
        public static let unreadablePublishedFile = Code(base: .unreadablePublishedFile)
        /// Two trade ids would be written to one file.
        public static let nameCollision = Code(base: .nameCollision)
        /// A scratch file could not be created.
        public static let cannotWrite = Code(base: .cannotWrite)
        /// Another error stopped the step (see `underlying`).
        public static let stepFailed = Code(base: .stepFailed)
        /// The data is larger than the build can hold (4 GiB of trade ids, say).
        public static let tooLarge = Code(base: .tooLarge)

        public var description: String { base.rawValue }
    }

    /// The build step that failed.
    public var step: String
    /// What kind of failure.
    public var code: Code
    /// What went wrong, in words.
    public var message: String
    /// The error that caused it, when another error did.
    public var underlying: (any Error)?

    /// A failure of `step` that no other error caused.
    public init(step: String, code: Code, message: String) {
        self.step = step
        self.code = code
        self.message = message
    }

    /// `underlying` stopped `step`.
    public init(step: String, underlying: any Error) {
        self.step = step
        code = .stepFailed
        message = "\(underlying)"
        self.underlying = underlying
    }

    public var description: String { "\(step): \(message)" }
}
