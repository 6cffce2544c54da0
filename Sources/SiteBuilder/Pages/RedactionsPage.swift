import Redaction
import RunSummaries
import SiteTemplates

/// `redactions/index`: what redaction masked over the whole site, per rule (values and rows),
/// and the rules in force. Never a value.
struct RedactionsModel: PageModel {
    static let template = "redactions"

    let tally: RedactionTally
    /// nil: redaction is off.
    let rules: RedactionRules?
    let totalRows: Int

    func context(_ format: PageFormat) -> TemplateValue {
        let counts = tally.rules.sorted { ($0.value.values, $1.key) > ($1.value.values, $0.key) }
        return .object([
            "title": "Redactions", "root": "../", "on": .bool(rules != nil), "rows": .int(tally.rows),
            "total_rows": .int(totalRows), "values": .int(tally.rules.values.reduce(0) { $0 + $1.values }),
            "one_value": .bool(tally.rules.values.reduce(0) { $0 + $1.values } == 1),
            "values_text": .string(Count.of(tally.rules.values.reduce(0) { $0 + $1.values }, "value")),
            "rows_text": .string("\(Count.text(tally.rows)) of \(Count.of(totalRows, "row"))"),
            "counts": .list(
                counts.map { name, count in
                    .object([
                        "rule": format.cell(name, limit: 80), "values": .int(count.values), "rows": .int(count.rows),
                    ])
                }),
            "key_rules": rules.map { rules in
                format.cell(rules.keys.map(\.name).joined(separator: ", "), limit: 4_000)
            },
            "value_rules": rules.map { rules in
                format.cell(rules.values.map(\.name).joined(separator: ", "), limit: 4_000)
            },
            "path_rules": .int(rules?.paths.count ?? 0), "allow_rules": .int(rules?.allow.count ?? 0),
        ])
    }
}
