import Dispatch
import Foundation
import Logging
import SystemIO

/// Where log lines go: standard error, a line at a time by default. `serve` turns buffering on
/// so the access log costs no system call per request: lines collect in memory and are written
/// every 200 ms, when 64 KiB pile up, at once for warnings and worse, and on exit.
final class LogSink: Sendable {
    static let shared = LogSink()
    static let flushInterval: UInt32 = 200_000  // microseconds
    static let bufferLimit = 64 << 10

    private let state = Locked<(buffer: [UInt8], buffered: Bool)>(([], false))

    func write(_ line: String, level: Logger.Level) {
        state.withLock { state in
            state.buffer.append(contentsOf: line.utf8)
            if !state.buffered || level >= .warning || state.buffer.count >= Self.bufferLimit {
                Self.writeAll(state.buffer)
                state.buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Writes whatever is buffered.
    func flush() {
        state.withLock { state in
            Self.writeAll(state.buffer)
            state.buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Buffers lines from now on, with a thread that writes them out every `flushInterval`
    /// until the returned handle is stopped (then the sink writes a line at a time again).
    func startBuffering() -> Buffering {
        state.withLock { $0.buffered = true }
        let buffering = Buffering()
        let thread = Thread { [self] in
            while buffering.stopRequest.wait(timeout: .now() + .microseconds(Int(Self.flushInterval))) == .timedOut {
                flush()
            }
            state.withLock { $0.buffered = false }
            flush()
            buffering.ended.signal()
        }
        thread.name = "log-flush"
        thread.start()
        return buffering
    }

    /// The flushing thread of one `startBuffering()`.
    final class Buffering: Sendable {
        fileprivate let stopRequest = DispatchSemaphore(value: 0)
        fileprivate let ended = DispatchSemaphore(value: 0)

        /// Ends the thread once it has written everything buffered; returns when it has.
        func stop() {
            stopRequest.signal()
            ended.wait()
        }
    }

    private static func writeAll(_ bytes: [UInt8]) {
        FileIO.writeToStandardError(bytes)
    }
}

/// Timestamps formatted at most once a second.
enum LogClock {
    private static let cache = Locked<(second: Int, local: String, iso: String)>((-1, "", ""))
    /// Local time as swift-log's StreamLogHandler writes it (`2026-12-02T05:54:00+0000`).
    private static let localFormat = Date.VerbatimFormatStyle(
        format:
            "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits)T\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)\(timeZone: .iso8601(.short))",
        timeZone: .current, calendar: Calendar(identifier: .gregorian))

    /// `(local time as swift-log's StreamLogHandler writes it, ISO 8601 UTC)` for now.
    static func stamps() -> (local: String, iso: String) {
        let second = Int(Date().timeIntervalSince1970.rounded(.down))
        return cache.withLock { cache in
            if cache.second != second {
                let date = Date(timeIntervalSince1970: TimeInterval(second))
                cache = (second, date.formatted(localFormat), date.formatted(.iso8601))
            }
            return (cache.local, cache.iso)
        }
    }
}

/// swift-log's text format (`time level label: metadata [source] message`).
enum TextLine {
    /// One log line. Values come from requests (user names, paths): control characters are
    /// escaped, so no value can start a forged line or move the terminal's cursor.
    static func line(_ event: LogEvent, label: String, fields: Logger.Metadata, time: String) -> String {
        let pretty =
            fields.isEmpty
            ? ""
            : " "
                + fields.sorted { $0.key < $1.key }.map { "\(escape($0))=\(escape("\($1)"))" }.joined(separator: " ")
        return
            "\(time) \(event.level) \(escape(label)):\(pretty) [\(escape(event.source))] \(escape("\(event.message)"))\n"
    }

    /// `text` with C0 controls, DEL, C1 controls, line and paragraph separators and bidi
    /// overrides written as `\u{…}` (a backslash doubled).
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x5C: true
        default: false
        }
    }
}
