public import Foundation
public import Logging
import SystemIO

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts a night's message to webhooks: bounded retries with backoff, a timeout per attempt,
/// and the URL's secret part (its path and query: a Slack webhook's token is its path) never
/// logged. A failed notification is logged and reported, never thrown: it must not fail the
/// night.
public struct Notifier: Sendable {
    /// How to encode the message.
    public enum Format: String, Sendable, CaseIterable {
        /// Slack when the URL is a Slack-style incoming webhook, the full JSON otherwise.
        case auto
        /// `{"text": …, "blocks": …}`.
        case slack
        /// The full `NightMessage` JSON.
        case json
    }

    /// Attempts per URL (the first and the retries).
    public var attempts = 3
    /// The wait before the first retry; doubled before each next one.
    public var backoff: Duration = .seconds(2)
    /// Seconds one attempt may take.
    public var timeout: TimeInterval = 10
    /// Slack's form, the full JSON, or chosen by the URL.
    public var format: Format = .auto
    let logger: Logger

    /// A notifier logging to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Posts `message` to `url`; whether it was accepted (a 2xx answer).
    public func post(_ message: NightMessage, to url: URL) async -> Bool {
        let body: Data
        do {
            body = try Self.body(message, slack: Self.isSlack(url, format: format))
        } catch {
            logger.error("notification not sent: \(error)", metadata: ["to": "\(Self.masked(url))"])
            return false
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        var wait = backoff
        for attempt in 1...max(1, attempts) {
            let outcome = await send(request)
            switch outcome {
            case .accepted:
                logger.info("notification sent", metadata: ["to": "\(Self.masked(url))", "attempt": "\(attempt)"])
                return true
            case .refused(let status):
                logger.error(
                    "notification refused", metadata: ["to": "\(Self.masked(url))", "status": "\(status)"])
                return false
            case .retry(let reason):
                logger.warning(
                    "notification attempt failed",
                    metadata: ["to": "\(Self.masked(url))", "attempt": "\(attempt)", "reason": "\(reason)"])
            }
            if attempt < attempts {
                try? await Task.sleep(for: wait)
                wait = wait * 2
            }
        }
        logger.error("notification given up", metadata: ["to": "\(Self.masked(url))", "attempts": "\(attempts)"])
        return false
    }

    private enum Outcome: Sendable {
        case accepted
        /// A 4xx other than 408 and 429: sending it again would not help.
        case refused(Int)
        case retry(String)
    }

    /// One attempt, cut at `timeout` whatever the transport does (FoundationNetworking's own
    /// request timeout is not honoured for a server that accepts and never answers). The task
    /// is the completion-handler kind, cancelled from a timer: cancelling FoundationNetworking's
    /// async `data(for:)` through Swift task cancellation can deadlock its session queue against
    /// the task's status lock, leaving the process unable to exit.
    private func send(_ request: URLRequest) async -> Outcome {
        let timeout = self.timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        let answer = Answer()
        return await withCheckedContinuation { continuation in
            answer.wait(continuation)
            let task = session.dataTask(with: request) { _, response, error in
                answer.give(Self.outcome(response, error))
                session.finishTasksAndInvalidate()
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard answer.give(.retry("no answer within \(Int(timeout)) s")) else { return }
                session.invalidateAndCancel()
            }
        }
    }

    private static func outcome(_ response: URLResponse?, _ error: (any Error)?) -> Outcome {
        if let error { return .retry((error as NSError).localizedDescription) }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(status) { return .accepted }
        if (400..<500).contains(status) && status != 408 && status != 429 { return .refused(status) }
        return .retry("HTTP \(status)")
    }

    /// The first outcome of an attempt (the answer or the timer), handed over once.
    private final class Answer: Sendable {
        private let state = Locked<(continuation: CheckedContinuation<Outcome, Never>?, given: Outcome?)>(
            (nil, nil))

        func wait(_ continuation: CheckedContinuation<Outcome, Never>) {
            let given = state.withLock { state -> Outcome? in
                if state.given == nil { state.continuation = continuation }
                return state.given
            }
            if let given { continuation.resume(returning: given) }
        }

        /// Hands `outcome` over; false when one was handed over before.
        @discardableResult func give(_ outcome: Outcome) -> Bool {
            let waiting = state.withLock { state -> CheckedContinuation<Outcome, Never>?? in
                guard state.given == nil else { return .none }
                state.given = outcome
                defer { state.continuation = nil }
                return .some(state.continuation)
            }
            guard let waiting else { return false }
            waiting?.resume(returning: outcome)
            return true
        }
    }

    /// The message's JSON: Slack's form or the full one.
    static func body(_ message: NightMessage, slack: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return slack ? try encoder.encode(SlackMessage(message)) : try encoder.encode(message)
    }

    /// Whether `url` gets Slack's form: always with `.slack`, never with `.json`; with `.auto`
    /// when it is a Slack incoming webhook (`hooks.slack.com/services/…`) or a look-alike path
    /// (Mattermost and Rocket.Chat take the same body at `/hooks/…`).
    static func isSlack(_ url: URL, format: Format) -> Bool {
        switch format {
        case .slack: true
        case .json: false
        case .auto:
            url.host?.lowercased() == "hooks.slack.com" || url.path.hasPrefix("/services/")
                || url.path.hasPrefix("/hooks/")
        }
    }

    /// `https://hooks.slack.com/…`: the scheme, host and port only; the path and query (where
    /// webhook tokens live) and any user or password never reach a log.
    public static func masked(_ url: URL) -> String {
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(url.scheme ?? "?")://\(url.host ?? "?")\(port)/…"
    }
}
