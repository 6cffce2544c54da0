import ArgumentParser
import Foundation
import Logging
import Telemetry

/// Text or JSON log lines on stderr.
enum LogFormat: String, ExpressibleByArgument, Sendable {
    case text, json

    nonisolated(unsafe) static var current = LogFormat.text  // set once, before the server starts
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
        let fields = event.metadata.map { metadata.merging($0, uniquingKeysWith: { $1 }) } ?? metadata
        for (key, value) in fields { line += "," + JSONText.string(key) + ":" + JSONText.string("\(value)") }
        line += "}\n"
        LogSink.shared.write(line, level: event.level)
    }
}
