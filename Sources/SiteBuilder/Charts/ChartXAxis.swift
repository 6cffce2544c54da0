import RunSummaries
import Telemetry

/// What a chart's x axis counts, and which positions get a label: labels never overlap.
enum ChartXAxis {
    /// Consecutive days (`YYYY-MM-DD`): every day up to a week, then Mondays up to two months,
    /// then the first of each month.
    case days
    /// Backfill runs (ids `YYYYMMDD-HHMMSS-…`): at most five, evenly spaced.
    case runs
    /// Processing-time buckets from these lower bounds (ms): each labelled by its bound.
    case buckets([Int])

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The data table's first column.
    var name: String {
        switch self {
        case .days: "day"
        case .runs: "run"
        case .buckets: "processing time"
        }
    }

    /// The labelled positions: (index, text), at least `minimumGap` apart when one index is
    /// `step` wide (a label is about `characterWidth` per character).
    func ticks(_ labels: [String], step: Double, characterWidth: Double) -> [(index: Int, text: String)] {
        var kept: [(index: Int, text: String)] = []
        var lastEnd = -Double.infinity
        for (index, text) in candidates(labels) {
            let centre = (Double(index) + 0.5) * step
            let half = Double(text.count) * characterWidth / 2
            guard centre - half >= lastEnd + characterWidth else { continue }
            kept.append((index, text))
            lastEnd = centre + half
        }
        return kept
    }

    private func candidates(_ labels: [String]) -> [(Int, String)] {
        switch self {
        case .days:
            let days = labels.map { CivilDay(timestamp: $0) }
            return days.enumerated().compactMap { index, day in
                guard let day else { return nil }
                let (month, date) = day.monthAndDay
                if labels.count <= 8 { return (index, "\(Self.months[month - 1]) \(date)") }
                if labels.count <= 62 { return day.isMonday ? (index, "\(Self.months[month - 1]) \(date)") : nil }
                return date == 1 ? (index, "\(Self.months[month - 1]) \(day.text.prefix(4))") : nil
            }
        case .runs:
            let count = labels.count
            let picked = count <= 5 ? Array(0..<count) : (0..<5).map { Int((Double($0 * (count - 1)) / 4).rounded()) }
            return picked.map { ($0, Self.runLabel(labels[$0])) }
        case .buckets(let bounds):
            return bounds.enumerated().map { index, bound in
                (index, bound >= 1_000 ? "\(Double(bound) / 1_000)".replacing(".0", with: "") + "k" : "\(bound)")
            }
        }
    }

    /// `0–10 ms`, …, `≥ 5,000 ms`: the buckets' names.
    static func bucketNames(_ bounds: [Int]) -> [String] {
        bounds.enumerated().map { index, bound in
            index + 1 < bounds.count
                ? "\(Count.text(bound))–\(Count.text(bounds[index + 1])) ms" : "≥ \(Count.text(bound)) ms"
        }
    }

    /// `Dec 6 02:15` for a run id `20261206-021500-…`; the id itself when it is not one.
    static func runLabel(_ id: String) -> String {
        let digits = Array(id.utf8.prefix(13))
        guard digits.count == 13, digits[8] == UInt8(ascii: "-"),
            let day = CivilDay(timestamp: "\(id.prefix(4))-\(id.dropFirst(4).prefix(2))-\(id.dropFirst(6).prefix(2))")
        else { return String(id.prefix(16)) }
        let (month, date) = day.monthAndDay
        return "\(months[month - 1]) \(date) \(id.dropFirst(9).prefix(2)):\(id.dropFirst(11).prefix(2))"
    }
}
