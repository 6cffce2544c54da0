import Foundation
import RunSummaries

/// A night's message as a Slack-style incoming webhook takes it: `text` (the fallback and the
/// notification) and `blocks` (a header, the counts, the groups with links, the failure).
/// Text is escaped for Slack's mrkdwn (`&`, `<`, `>`), so a fingerprint cannot make a link or
/// a mention.
public struct SlackMessage: Encodable, Sendable {
    /// One block: a section of mrkdwn text, or a header of plain text.
    struct Block: Encodable, Sendable {
        struct Text: Encodable, Sendable {
            var type: String
            var text: String
        }
        var type: String
        var text: Text
    }

    /// The fallback text.
    public var text: String
    var blocks: [Block]

    /// The groups shown per list; the rest are counted.
    static let groupsShown = 10
    /// Slack refuses a section over 3,000 characters.
    static let sectionLimit = 2_900

    /// The Slack form of `message`.
    public init(_ message: NightMessage) {
        let headline = Self.headline(message)
        text = headline
        blocks = [Block(type: "header", text: .init(type: "plain_text", text: String(headline.prefix(150))))]
        var lines: [String] = []
        if let counts = message.counts {
            let verb = counts.dryRun ? "would insert \(counts.wouldInsert ?? 0)" : "inserted \(counts.inserted)"
            lines.append(
                "Backfill: \(verb) of \(counts.scanned) scanned (\(counts.skipped) skipped, \(counts.failed) failed)")
        }
        if let link = message.runLink { lines.append("<\(Self.escape(link))|Run \(Self.escape(message.runID ?? ""))>") }
        if let failure = message.failure { lines.append("*Failure:* " + Self.escape(String(failure.prefix(1_000)))) }
        blocks.append(Self.section(lines.joined(separator: "\n")))
        for (title, groups) in [
            ("New error groups", message.newGroups), ("Grown error groups", message.grownGroups),
            ("Resolved error groups", message.resolvedGroups),
        ] where !groups.isEmpty {
            var text = "*\(title)* (\(groups.count))"
            for group in groups.prefix(Self.groupsShown) {
                let name = Self.escape(String(group.fingerprint.prefix(200)))
                let label = group.link.map { "<\(Self.escape($0))|\(name)>" } ?? name
                text += "\n• \(label): \(Count.text(group.previous)) → \(Count.of(group.count, "row"))"
            }
            if groups.count > Self.groupsShown { text += "\n… and \(groups.count - Self.groupsShown) more" }
            blocks.append(Self.section(text))
        }
    }

    static func headline(_ message: NightMessage) -> String {
        let groups = message.newGroups.count
        let suffix = groups > 0 ? ", \(groups) new error group\(groups == 1 ? "" : "s")" : ""
        return (message.success ? "telemetry-site: the night succeeded" : "telemetry-site: the night FAILED") + suffix
    }

    private static func section(_ text: String) -> Block {
        let bounded = text.count > sectionLimit ? String(text.prefix(sectionLimit)) + "…" : text
        return Block(type: "section", text: .init(type: "mrkdwn", text: bounded.isEmpty ? " " : bounded))
    }

    /// Slack's three control characters in mrkdwn.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
