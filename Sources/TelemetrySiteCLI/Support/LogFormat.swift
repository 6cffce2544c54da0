import ArgumentParser
import Foundation
import JSONKit
import Logging
import Telemetry

/// Text or JSON log lines on stderr.
enum LogFormat: String, ExpressibleByArgument, Sendable {
    case text, json

    /// A handler factory for `LoggingSystem.bootstrap`, at `level` when given.
    func handlers(level: Logger.Level?) -> @Sendable (String) -> any LogHandler {
        { [self] label in
            var handler: any LogHandler = self == .json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            if let level { handler.logLevel = level }
            return handler
        }
    }
}

/// The fields of a log line: the handler's metadata, the event's, and the error's message and
/// type (both handlers write the same fields).
func logFields(_ metadata: Logger.Metadata, _ event: LogEvent) -> Logger.Metadata {
    var fields = metadata
    if let explicit = event.metadata { fields.merge(explicit, uniquingKeysWith: { $1 }) }
    if let error = event.error {
        fields["error.message"] = "\(error)"
        fields["error.type"] = "\(String(reflecting: type(of: error)))"
    }
    return fields
}

/// One JSON object per line: time, level, label, message, metadata.
struct JSONLogHandler: LogHandler {
    var label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "{\"time\":\"\(LogClock.stamps().iso)\",\"level\":\"\(event.level.rawValue)\""
        line += ",\"label\":" + JSONText.string(label) + ",\"message\":" + JSONText.string("\(event.message)")
        for (key, value) in logFields(metadata, event).sorted(by: { $0.key < $1.key }) {
            line += "," + JSONText.string(key) + ":" + JSONText.string("\(value)")
        }
        line += "}\n"
        LogSink.shared.write(line, level: event.level)
    }
}
