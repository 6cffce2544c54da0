import RunSummaries
import SiteTemplates
import Telemetry

/// Validation errors grouped by fingerprint: the message with the row's own values (trade id,
/// payload ids, times and prices) replaced by their kind, then digits, ids and quoted values
/// normalised, so "missing field 'x' for trade 42" and "… trade 43" are one group. Rows are
/// added in id order; the groups are kept in the build manifest between builds.
struct ErrorGroups: Codable, Equatable {
    struct Group: Codable, Equatable {
        var fingerprint: String
        var sample: String
        var count = 0
        var first = ""
        var last = ""
        var events: Set<String> = []
        var examples: [Int] = []

        mutating func add(_ row: TelemetryRow) {
            count += 1
            let stamp = row.receivedAt?.text ?? ""
            if first.isEmpty || stamp < first { first = stamp }
            if stamp > last { last = stamp }
            if let event = row.eventType { events.insert(Text.clip(event.rawValue, 40)) }
            if examples.count < 5 { examples.append(row.id) }
        }
    }

    private(set) var groups: [String: Group] = [:]
    private(set) var total = 0

    static func fingerprint(_ message: String) -> String {
        var out = ""
        var quote: Character?
        var lastWasNumber = false
        for character in message.prefix(2_000) {
            if let open = quote {
                if character == open {
                    out += "\(open)…\(open)"
                    quote = nil
                }
                continue
            }
            if character == "'" || character == "\"" || character == "`" {
                quote = character
                lastWasNumber = false
                continue
            }
            if character.isNumber || (lastWasNumber && (character == "." || character.isHexDigit)) {
                if !lastWasNumber { out += "N" }
                lastWasNumber = true
                continue
            }
            lastWasNumber = false
            out.append(character)
        }
        if quote != nil { out += "…" }
        // Trade-id-like tokens (letters glued to N) collapse too.
        return out.split(separator: " ").map { $0.contains("N_") || $0.hasSuffix("_N") ? "ID" : String($0) }.joined(
            separator: " ")
    }

    mutating func add(_ row: TelemetryRow) {
        guard let message = row.validationError else { return }
        total += 1
        let key = Self.fingerprint(of: row) ?? message
        if groups[key] == nil { groups[key] = Group(fingerprint: key, sample: Text.clip(message, 500)) }
        groups[key]!.add(row)  // in place, not a copy that would share (and then copy) its sets
    }
}

/// `errors/index`: the groups, largest first.
struct ErrorsModel: PageModel {
    static let template = "errors"

    let total: Int
    let groups: [ErrorGroups.Group]
    let trends: ErrorTrends

    init(_ tally: ErrorGroups, trends: ErrorTrends) {
        total = tally.total
        groups = tally.groups.values.sorted { ($0.count, $1.fingerprint) > ($1.count, $0.fingerprint) }
        self.trends = trends
    }

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": "Validation errors", "root": "../", "total": .int(total), "group_count": .int(groups.count),
            "total_text": .string(Count.of(total, "row")), "groups_text": .string(Count.of(groups.count, "group")),
            "trends": trends.context(format), "feeds": BuildContext.feedLinks(runs: false),
            "groups": .list(
                groups.map { group in
                    .object([
                        "key": .string(FileNames.stableHash(group.fingerprint)),
                        "fingerprint": format.cell(group.fingerprint, limit: 300), "count": .int(group.count),
                        "first": format.cell(group.first), "last": format.cell(group.last),
                        "events": format.cell(group.events.sorted().joined(separator: ", ")),
                        "sample": format.cell(group.sample),
                        "examples": .list(group.examples.map { .object(["id": .int($0)]) }),
                    ])
                }),
        ])
    }
}

extension ErrorTrends {
    /// The "since the previous build" part of the errors page: the totals, and per kind the
    /// groups linking to their section below. The Markdown twin takes the run summary's table.
    func context(_ format: PageFormat) -> TemplateValue {
        let lists: [(String, String, [Entry], Int)] = [
            ("new", "New groups", new, newTotal), ("grew", "Groups that grew", grew, grewTotal),
            ("resolved", "Resolved groups (no row in the chart window)", resolved, resolvedTotal),
        ]
        return .object([
            "first": .bool(since == nil), "since": since.map { format.cell($0) } ?? .bool(false),
            "unchanged": .bool(since != nil && isEmpty),
            "new_total": .int(newTotal), "grew_total": .int(grewTotal), "resolved_total": .int(resolvedTotal),
            "markdown": .string(format == .markdown ? markdown() : ""),
            "lists": .list(
                lists.filter { $0.3 > 0 }.map { kind, label, entries, total in
                    .object([
                        "kind": .string(kind), "label": .string(label), "total": .int(total),
                        "more": total > entries.count ? .int(total - entries.count) : .bool(false),
                        "entries": .list(
                            entries.map { entry in
                                .object([
                                    "key": .string(entry.key),
                                    "fingerprint": format.cell(entry.fingerprint, limit: 300),
                                    "rows": .string(Count.of(entry.count, "row")),
                                    "change": format.cell(entry.change),
                                ])
                            }),
                    ])
                }),
        ])
    }
}
