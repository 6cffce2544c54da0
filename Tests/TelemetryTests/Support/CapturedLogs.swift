import Logging
import SystemIO

/// A log handler that keeps every line it is given (message and metadata), for tests that
/// check what a job logs.
struct CapturedLogs: Sendable {
    private let lines = Locked<[String]>([])

    /// A logger writing into this capture.
    var logger: Logger {
        let lines = self.lines
        return Logger(label: "test", factory: { _ in Handler(lines: lines) })
    }

    /// Every line logged so far.
    var all: [String] { lines.withLock { $0 } }

    private struct Handler: LogHandler {
        let lines: Locked<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.withLock { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }
}
