import Markdown

extension RunSummary {
    /// "What is new" in the validation errors: the groups that are new, grew or were resolved
    /// at the site build after this run, at most `listLimit` of each.
    func trendSection(listLimit: Int) -> String {
        guard let trends else {
            return ErrorTrends.heading
                + "Not compared yet: the new, grown and resolved groups appear here once the site is built.\n"
        }
        return trends.markdown(listLimit: listLimit, errorsPage: errorsPage)
    }
}

extension ErrorTrends {
    static let heading = "## Validation errors since the previous build\n\n"

    /// The trends as a Markdown section: a line of totals and a GFM table of at most
    /// `listLimit` groups per kind, each linking to its group on `errorsPage` when given.
    public func markdown(listLimit: Int = ErrorTrends.listLimit, errorsPage: String? = nil) -> String {
        guard let since else {
            return Self.heading + "This was the first build: there is no earlier build to compare with.\n"
        }
        let stamp = MarkdownEscape.inline(since, maxLength: 40)
        if isEmpty {
            return Self.heading + "No group is new, grew or was resolved since the build of \(stamp).\n"
        }
        var lines = [
            "Since the build of \(stamp): **\(Count.text(newTotal)) new**, **\(Count.text(grewTotal)) grew**, "
                + "**\(Count.text(resolvedTotal)) resolved**."
        ]
        let lists: [(String, [Entry], Int)] = [
            ("🆕 new", new, newTotal), ("📈 grew", grew, grewTotal), ("✅ resolved", resolved, resolvedTotal),
        ]
        if listLimit > 0 {
            lines += ["", "| change | group | rows | since the previous build |", "|---|---|---:|---|"]
            for (label, entries, _) in lists {
                for entry in entries.prefix(listLimit) { lines.append(entry.row(label, errorsPage: errorsPage)) }
            }
        }
        let hidden = lists.reduce(0) { $0 + $1.2 - min($1.1.count, listLimit) }
        if hidden > 0 {
            lines += ["", "\(Count.text(hidden)) more changed groups are listed on the errors page."]
        }
        return Self.heading + lines.joined(separator: "\n") + "\n"
    }
}

extension ErrorTrends.Entry {
    /// What changed, in words: "new: +4", "+10 (+50.0 %)", "no row in the chart window".
    public var change: String {
        if previous == 0 { return "new: +\(Count.text(count))" }
        if let percent, count > previous { return "+\(Count.text(count - previous)) (+\(percent) %)" }
        return "no row in the chart window"
    }

    fileprivate func row(_ label: String, errorsPage: String?) -> String {
        let text = MarkdownEscape.cell(fingerprint, maxLength: 160)
        let group = errorsPage.map { "[\(text)](\($0)#g\(key))" } ?? text
        return "| \(label) | \(group) | \(Count.text(count)) | \(change) |"
    }
}

/// Counts with thousands separators, as every summary and page prints them.
public enum Count {
    /// `value` with a comma between each group of three digits (`12,345`).
    public static func text(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `value` and its noun, singular for one: `1 row`, `2,345 rows` (`plural` when adding an
    /// "s" is wrong).
    public static func of(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(text(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}
