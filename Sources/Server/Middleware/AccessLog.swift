public import Logging
import NIOCore
import SystemIO

/// The access log: one line per answered request (method, path with query values masked,
/// status, bytes, duration, client), through the server's logger, so `--log-format json`
/// makes it JSON.
///
/// Under load it is sampled by a fixed rule: at most `linesPerSecond` lines in any one second;
/// the requests past that are counted by status class and written as one summary line
/// (`access log: N requests not logged`) with the first request of a later second. A flood
/// costs at most `linesPerSecond` + 1 lines a second on disk.
public final class AccessLog: Sendable {
    /// Lines written in one second before the rest are only counted.
    static let linesPerSecond = 100
    /// The longest path (with its masked query) written; longer ones are cut with `…`.
    static let pathLimit = 512

    private struct State {
        var second: UInt64 = 0
        var logged = 0
        /// Requests not logged in `second`, by status class (index 1…5).
        var suppressed = [Int](repeating: 0, count: 6)
    }

    private let logger: Logger
    private let state = Locked(State())

    /// Writes through `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs (or counts) one answered request.
    func record(
        method: String, target: String, status: Int, bytes: Int?, duration: Duration, client: String,
        now: NIODeadline = .now()
    ) {
        let second = now.uptimeNanoseconds / 1_000_000_000
        let (write, summary) = state.withLock { state -> (Bool, [Int]?) in
            var summary: [Int]?
            if state.second != second {
                if state.suppressed.contains(where: { $0 > 0 }) { summary = state.suppressed }
                state = State(second: second)
            }
            guard state.logged < Self.linesPerSecond else {
                state.suppressed[min(max(status / 100, 1), 5)] += 1
                return (false, summary)
            }
            state.logged += 1
            return (true, summary)
        }
        if let summary { logSummary(summary) }
        guard write else { return }
        let milliseconds =
            Double(duration.components.attoseconds / 1_000_000_000_000) / 1000
            + Double(duration.components.seconds) * 1000
        logger.info(
            "request",
            metadata: [
                "method": "\(method)", "path": "\(Self.masked(target))", "status": "\(status)",
                "bytes": "\(bytes.map(String.init) ?? "-")", "ms": "\(Self.decimal(milliseconds))",
                "client": "\(client)",
            ])
    }

    private func logSummary(_ counts: [Int]) {
        var metadata: Logger.Metadata = ["not_logged": "\(counts.reduce(0, +))"]
        for index in 1...5 where counts[index] > 0 { metadata["status_\(index)xx"] = "\(counts[index])" }
        logger.notice(
            "access log: requests not logged (over \(Self.linesPerSecond) lines in one second)", metadata: metadata)
    }

    /// The path with every query value masked (`/search.html?q=*&day=*`): a query can carry a
    /// token or a search for someone's name; its keys say enough. Cut to `pathLimit`.
    static func masked(_ target: String) -> String {
        var text = target
        if let mark = target.firstIndex(of: "?") {
            let keys = target[target.index(after: mark)...].split(separator: "&").map { pair in
                (pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") + "=*"
            }
            text = String(target[..<mark]) + "?" + keys.joined(separator: "&")
        }
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return text.count > pathLimit ? String(text.prefix(pathLimit)) + "…" : text
    }

    private static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
