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
            var handler = SinkLogHandler(label: label, format: self)
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

/// Log lines in one `LogFormat` into the process's `LogSink`.
struct SinkLogHandler: LogHandler {
    var label: String
    let format: LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = logFields(metadata, event)
        let line =
            switch format {
            case .text: TextLine.line(event, label: label, fields: fields, time: LogClock.stamps().local)
            case .json: JSONLine.line(event, label: label, fields: fields, time: LogClock.stamps().iso)
            }
        LogSink.shared.write(line, level: event.level)
    }
}

/// One JSON object per line: time, level, label, message, then the fields in key order.
enum JSONLine {
    static func line(_ event: LogEvent, label: String, fields: Logger.Metadata, time: String) -> String {
        var line = "{\"time\":\"\(time)\",\"level\":\"\(event.level.rawValue)\""
        line += ",\"label\":" + JSONText.string(label) + ",\"message\":" + JSONText.string("\(event.message)")
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += "," + JSONText.string(key) + ":" + JSONText.string("\(value)")
        }
        return line + "}\n"
    }
}
