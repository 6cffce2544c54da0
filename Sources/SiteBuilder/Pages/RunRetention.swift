import Foundation
import Telemetry

/// Which backfill runs get a page. Every run keeps its JSON record in the state folder; the
/// site gives a page to the newest `pages` runs and to every run that inserted rows (the rows'
/// pages link to it, and such runs are bounded by the rows), and lists the rest in one table on
/// the runs index, a line per day. A server POSTed every minute for a year adds 365 lines,
/// not 525,600 pages.
struct RunRetention {
    /// The default number of newest runs that keep a page.
    static let defaultPages = 500

    /// A day of older runs without a page.
    struct Day: Equatable {
        var day: String
        var runs = 0
        var failed = 0
        var scanned = 0
    }

    /// Runs with a page, newest first.
    let kept: [RunRecord]
    /// Runs past the newest `pages` that inserted rows: listed one by one, with a link.
    let olderWithPages: [RunRecord]
    /// The other older runs, a line per day, newest first.
    let olderDays: [Day]

    init(_ runs: [RunRecord], pages: Int) {
        var kept: [RunRecord] = []
        var olderWithPages: [RunRecord] = []
        var days: [Day] = []
        for (position, run) in runs.enumerated() {
            if position < pages {
                kept.append(run)
            } else if run.inserted > 0 {
                kept.append(run)
                olderWithPages.append(run)
            } else {
                let day = Self.day(of: run)
                if days.last?.day != day { days.append(Day(day: day)) }
                days[days.count - 1].runs += 1
                days[days.count - 1].failed += run.success ? 0 : 1
                days[days.count - 1].scanned += run.scanned
            }
        }
        self.kept = kept
        self.olderWithPages = olderWithPages
        olderDays = days
    }

    /// The ids of runs with a page.
    var pageIDs: Set<String> { Set(kept.map(\.runID)) }

    /// `2026-12-02` from a run id `20261202-…` (ids start with the UTC date).
    static func day(of run: RunRecord) -> String {
        let digits = run.runID.prefix(8)
        guard digits.count == 8, digits.allSatisfy(\.isNumber) else { return "unknown" }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
    }
}
