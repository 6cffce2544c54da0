public import ArgumentParser
import Foundation
import Logging
public import Notify
import RunSummaries
import SiteMetrics
import Telemetry

extension Notifier.Format: ExpressibleByArgument {}

/// `run --notify URL …`: who is told when the night ends, and when.
struct NotifyOptions: ParsableArguments {
    @Option(
        name: .customLong("notify"),
        help: ArgumentHelp(
            "POST the night's outcome to this webhook (repeatable). Also read from $TELEMETRY_SITE_NOTIFY (space-separated), which keeps a webhook's token off the command line.",
            valueName: "url"))
    var urls: [String] = []

    @Option(
        name: .customLong("notify-on"),
        help: "When to notify: a comma-separated list of failure, new-groups, always.")
    var on: String = "failure,new-groups"

    @Option(name: .customLong("notify-format"), help: "auto (Slack's form for Slack-style webhooks), slack or json.")
    var format: Notifier.Format = .auto

    @Option(name: .customLong("notify-retries"), help: "Retries after a failed attempt (with 2 s, 4 s, … between).")
    var retries: Int = 2

    @Option(name: .customLong("notify-timeout"), help: "Seconds one attempt may take.")
    var timeout: Int = 10

    @Option(
        name: .customLong("site-url"),
        help: "The published site's base URL, for links in the notification (https://reports.example/telemetry/).")
    var siteURL: String?

    static let conditions: Set<String> = ["failure", "new-groups", "always"]

    /// The conditions `--notify-on` names.
    var asked: Set<String> { Set(on.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }

    var targets: [String] {
        urls
            + (ProcessInfo.processInfo.environment["TELEMETRY_SITE_NOTIFY"] ?? "").split(separator: " ").map(
                String.init)
    }

    func validate() throws {
        for url in targets where Self.webURL(url) == nil {
            // The value is not echoed: it may hold the webhook's token.
            throw ValidationError("a --notify URL is not an http(s) URL with a host")
        }
        if let siteURL, Self.webURL(siteURL) == nil {
            throw ValidationError("--site-url must be an http(s) URL with a host")
        }
        guard !asked.isEmpty, asked.isSubset(of: Self.conditions) else {
            throw ValidationError("--notify-on takes failure, new-groups and always (comma-separated)")
        }
        guard (0...10).contains(retries) else { throw ValidationError("--notify-retries must be within 0...10") }
        guard (1...300).contains(timeout) else { throw ValidationError("--notify-timeout must be within 1...300") }
    }

    static func webURL(_ text: String) -> URL? {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false
        else { return nil }
        return url
    }

    /// Whether a night with this outcome is told.
    func wanted(_ message: NightMessage) -> Bool {
        asked.contains("always") || (asked.contains("failure") && !message.success)
            || (asked.contains("new-groups") && !message.newGroups.isEmpty)
    }

    /// Posts `message` to every target when wanted, counting each outcome in `metrics`.
    func send(_ message: NightMessage, metrics: SiteMetrics, logger: Logger) async {
        guard !targets.isEmpty, wanted(message) else { return }
        var notifier = Notifier(logger: logger)
        notifier.format = format
        notifier.attempts = retries + 1
        notifier.timeout = TimeInterval(timeout)
        for target in targets {
            guard let url = Self.webURL(target) else { continue }
            let sent = await notifier.post(message, to: url)
            metrics.count(MetricName.notifications, [("outcome", sent ? "sent" : "failed")])
        }
    }
}
