public import Logging
import SystemIO

/// A log handler that keeps every line it is given (message and metadata), for tests that
/// check what a job logs.
public struct CapturedLogs: Sendable {
    private let lines = Locked<[String]>([])

    /// An empty capture.
    public init() {}

    /// A logger writing into this capture.
    public var logger: Logger {
        let lines = self.lines
        return Logger(label: "test", factory: { _ in Handler(lines: lines) })
    }

    /// Every line logged so far.
    public var all: [String] { lines.withLock { $0 } }

    private struct Handler: LogHandler {
        public let lines: Locked<[String]>
        public var metadata: Logger.Metadata = [:]
        public var logLevel: Logger.Level = .trace

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            let fields = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.withLock { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }
}
