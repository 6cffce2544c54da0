import SiteTemplates
import Telemetry

/// Validation errors grouped by fingerprint: the message with digits, ids and quoted values
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
        let key = Self.fingerprint(message)
        var group = groups[key] ?? Group(fingerprint: key, sample: Text.clip(message, 500))
        group.count += 1
        if group.first.isEmpty || (row.receivedAt ?? "") < group.first { group.first = row.receivedAt ?? "" }
        if (row.receivedAt ?? "") > group.last { group.last = row.receivedAt ?? "" }
        if let event = row.eventType { group.events.insert(Text.clip(event, 40)) }
        if group.examples.count < 5 { group.examples.append(row.id) }
        groups[key] = group
    }
}

/// `errors/index`: the groups, largest first.
struct ErrorsModel: PageModel {
    static let template = "errors"

    let total: Int
    let groups: [ErrorGroups.Group]

    init(_ tally: ErrorGroups) {
        total = tally.total
        groups = tally.groups.values.sorted { ($0.count, $1.fingerprint) > ($1.count, $0.fingerprint) }
    }

    func context(_ format: PageFormat) -> TemplateValue {
        .object([
            "title": "Validation errors", "root": "../", "total": .int(total), "group_count": .int(groups.count),
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
