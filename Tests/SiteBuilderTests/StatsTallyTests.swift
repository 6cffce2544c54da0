import Foundation
import Postgres
import TestSupport
import Testing

@testable import SiteBuilder
@testable import Telemetry

/// The index's numbers and charts and the error groups are folded in Swift as rows stream by
/// (and kept in the manifest between builds); PostgreSQL's own aggregates are the oracle.
@Suite struct StatsTallyTests {
    /// Demo data plus rows that stress the fold: days out of order, a day that falls out of the
    /// window as newer rows arrive, NULL times and received_at, backfill rows, long event types,
    /// non-object payloads and even- and odd-sized percentile groups.
    static func awkwardDatabase() throws -> SiteFixture {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 25))
        #expect(fixture.backfill().report.success)
        let longType = String(repeating: "é", count: 45)
        let rows: [(String?, String?, String?, String?, Int?)] = [
            ("2025-12-31 23:59:59", "{\"event_type\": \"ENTRY\", \"trade_id\": \"A\"}", nil, nil, 7),
            ("2026-01-01 00:00:00", "{\"event_type\": \"\(longType)\"}", "bad 'x' 12", nil, 3),
            ("2025-09-01 08:00:00", "[1, 2]", nil, nil, 11),
            ("2026-03-30 12:00:00", "\"text\"", "missing field 'y' for trade 9", nil, nil),
            (nil, "{\"event_type\": \"EXIT_SL\"}", "no time", nil, 5),
            ("2026-03-30 12:00:01", "{\"event_type\": 42}", nil, "{\"source\": \"backfill_7L\"}", 1000),
            ("2026-03-30 12:00:02", nil, nil, "[\"source\"]", 1),
            ("2026-03-30 12:00:03", "{\"event_type\": \"MFE_UPDATE\"}", nil, nil, 2),
            ("2026-03-30 12:00:04", "{\"event_type\": \"MFE_UPDATE\"}", nil, nil, 2),
            ("2026-03-30 12:00:05", "{\"event_type\": \"MFE_UPDATE\"}", nil, nil, 7),
            ("2026-03-30 12:00:06", "{\"event_type\": \"EXIT_BE\"}", nil, nil, 100),
            ("2026-01-02 09:00:00", "{\"event_type\": \"MFE_UPDATE\"}", nil, nil, 123_456),
        ]
        for (received, raw, error, handler, ms) in rows {
            try fixture.insert(received: received, raw: raw, error: error, handler: handler, ms: ms)
        }
        return fixture
    }

    static func tally(_ connection: Connection) throws -> SiteTally {
        var tally = SiteTally()
        try TelemetryQueries(connection: connection).stream { tally.add($0, masked: [:]) }
        return tally
    }

    static func expectSame(_ folded: TelemetryStats, _ oracle: TelemetryStats) {
        #expect(folded.total == oracle.total)
        #expect(folded.backfilled == oracle.backfilled)
        #expect(folded.invalid == oracle.invalid)
        #expect(folded.newest == oracle.newest)
        #expect(folded.days == oracle.days)
        #expect(folded.eventsByType.map(\.type) == oracle.eventsByType.map(\.type))
        #expect(folded.eventsByType.map(\.counts) == oracle.eventsByType.map(\.counts))
        #expect(folded.live == oracle.live)
        #expect(folded.backfill == oracle.backfill)
        #expect(folded.errorRate == oracle.errorRate)
        #expect(folded.p50 == oracle.p50)
        #expect(folded.p95 == oracle.p95)
        #expect(folded.p99 == oracle.p99)
        #expect(folded.latencyByType == oracle.latencyByType)
    }

    @Test func foldedNumbersAreWhatPostgreSQLComputes() throws {
        let fixture = try Self.awkwardDatabase()
        let connection = try fixture.database.connect()
        let oracle = try StatsOracle.load(connection)
        #expect(
            oracle.days.count > 1 && oracle.p95.contains { $0.map { $0 != $0.rounded() } ?? false },
            "the data exercises interpolation")
        Self.expectSame(try Self.tally(connection).stats.stats, oracle)
    }

    @Test func theWindowMovesAndOldDaysAreDropped() throws {
        let fixture = try Self.awkwardDatabase()
        let connection = try fixture.database.connect()
        var tally = try Self.tally(connection)
        let before = tally.stats.stats
        // Rows 200 days later: every earlier day leaves the window, in the fold as in SQL.
        let later = try fixture.insert(received: "2026-10-16 10:00:00", raw: "{\"event_type\": \"ENTRY\"}", ms: 4)
        try fixture.insert(received: "2026-07-20 10:00:00", raw: "{\"event_type\": \"ENTRY\"}", ms: 9)
        try fixture.insert(received: "2026-07-18 23:59:59", raw: "{\"event_type\": \"ENTRY\"}", ms: 9)
        try TelemetryQueries(connection: connection).stream(after: later - 1) { tally.add($0, masked: [:]) }
        let after = tally.stats.stats
        // Every day between the two is on the axis; without live rows it has no percentile and no
        // error rate (a gap in the chart), not zeros.
        #expect(after.days.count == 89 && after.days.first == "2026-07-20" && after.days.last == "2026-10-16")
        #expect(after.days.contains("2026-08-31") && after.days.contains("2026-09-01"))
        let quiet = try #require(after.days.firstIndex(of: "2026-09-15"))
        #expect(after.live[quiet] == 0 && after.p50[quiet] == nil && after.p99[quiet] == nil)
        #expect(after.errorRate[quiet] == nil && after.p50.last! == 4)
        #expect(after.newest == "2026-10-16T10:00:00")
        #expect(before.days != after.days)
        Self.expectSame(after, try StatsOracle.load(connection))
    }

    @Test func daysAreNumberedLikePostgreSQLDoes() throws {
        #expect(CivilDay(timestamp: "1970-01-01 00:00:00")?.number == 0)
        #expect(CivilDay(timestamp: "2000-03-01 12:00:00")?.number == 11_017)
        #expect(CivilDay(timestamp: "1582-10-15 00:00:00")?.number == -141_427)  // proleptic Gregorian
        let late = try #require(CivilDay(timestamp: "10000-01-01 00:00:00"))
        #expect(late.text == "10000-01-01")
        #expect(late.number - (CivilDay(timestamp: "9999-12-31 23:59:59")?.number ?? 0) == 1)
        #expect(CivilDay.isEarlier("9999-12-31 23:59:59", than: "10000-01-01 00:00:00"))
        #expect(!CivilDay.isEarlier("2026-01-02 00:00:00", than: "2026-01-01 23:59:59"))
        for text in ["1970-01-01", "2000-02-29", "1582-10-15", "2026-12-31", "10000-01-01"] {
            let day = try #require(CivilDay(timestamp: text))
            #expect(CivilDay(number: day.number) == day)
        }
        #expect(CivilDay(timestamp: "2026-12-07")?.isMonday == true)
        #expect(CivilDay(timestamp: "2026-12-06")?.isMonday == false)
        for bad in ["", "2026-13-01", "2026-1x-01", "-01-01", "20260101"] { #expect(CivilDay(timestamp: bad) == nil) }
    }

    /// `Timestamp.seconds` (what trade charts place their marks by) against Foundation's UTC
    /// calendar; a clock that is not `HH:MM:SS` counts as the day's start, no day as nil.
    @Test func timestampSecondsAreSecondsSinceTheEpoch() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for text in [
            "1970-01-01 00:00:00", "2000-02-29 23:59:59", "2025-09-03 12:34:56", "1969-12-31 23:59:59",
            "9999-12-31 00:00:01", "2026-12-07 09:05:07",
        ] {
            let parts = text.split(whereSeparator: { "- :".contains($0) }).compactMap { Int($0) }
            let date = try #require(
                calendar.date(
                    from: DateComponents(
                        year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4],
                        second: parts[5])))
            #expect(Timestamp(text: text).seconds == Int(date.timeIntervalSince1970), "\(text)")
        }
        let dayStart = try #require(Timestamp(text: "2025-09-03 00:00:00").seconds)
        #expect(Timestamp(text: "2025-09-03").seconds == dayStart)
        #expect(Timestamp(text: "2025-09-03 1:2:3").seconds == dayStart)
        #expect(Timestamp(text: "2025-09-03 12:3x:00").seconds == dayStart)
        #expect(Timestamp(text: "not a time").seconds == nil)
    }

    @Test func errorGroupsAreWhatAScanOfTheTableGives() throws {
        let fixture = try Self.awkwardDatabase()
        let connection = try fixture.database.connect()
        var scanned = ErrorGroups()
        try StatsOracle.validationErrors(connection) { scanned.add($0) }
        #expect(scanned.total > 3)
        #expect(try Self.tally(connection).errors == scanned)
    }

    @Test func anIncrementalBuildShowsWhatAFullBuildShows() throws {
        let fixture = try Self.awkwardDatabase()
        try fixture.build(full: true)
        try fixture.insert(
            received: "2026-07-01 10:00:00", raw: "{\"event_type\": \"ENTRY\"}", error: "late 'z'", ms: 8)
        try fixture.insert(received: "2026-06-30 10:00:00", raw: "{\"event_type\": \"EXIT_BE\"}", ms: 30)
        #expect(try fixture.build().mode == .incremental)
        let paths = ["index.html", "errors/index.html", "errors/index.md"]
        let incremental = try paths.map { try Self.withoutBuildTime(fixture.read($0)) }
        // A full build of the same rows over the same site: same numbers, same trends (no row
        // changed, so the trends since the build before stay).
        #expect(try fixture.build(full: true).mode == .full)
        for (path, page) in zip(paths, incremental) {
            #expect(try Self.withoutBuildTime(fixture.read(path)) == page, "\(path)")
        }
        #expect(try fixture.read("index.html").contains("late"))
    }

    static func withoutBuildTime(_ page: String) -> String {
        page.replacing(/<p class="built">Built [^<]*<\/p>/, with: "")
    }
}

@Suite struct TradeStreamTests {
    /// A full build streams trades on a second connection: rows inserted after the build counted
    /// the table must not reach a trade page (their detail pages do not exist yet).
    @Test func tradesStopAtTheBuildsNewestRow() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let queries = TelemetryQueries(connection: try fixture.database.connect())
        let maxID = try queries.extent().maxID
        var seen: [Int] = []
        try queries.streamTrades(nil, through: maxID / 2) { seen.append($0.id) }
        #expect(!seen.isEmpty && seen.allSatisfy { $0 <= maxID / 2 })
        var all = 0
        try queries.streamTrades(nil) { _ in all += 1 }
        #expect(all > seen.count)
    }

    /// With candidates, only the trades' rows among them come: the listed ids and any id above
    /// `after`, in the same order as without.
    @Test func candidatesNarrowTheTradesRows() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 10))
        let queries = TelemetryQueries(connection: try fixture.database.connect())
        var rows: [(id: Int, trade: String)] = []
        try queries.streamTrades(nil) { rows.append(($0.id, $0.tradeID ?? "")) }
        let trades = Array(Set(rows.map(\.trade)).sorted().prefix(3))
        let theirs = rows.filter { trades.contains($0.trade) }.map(\.id)
        #expect(theirs.count > 6)
        let (listed, after) = (Array(theirs.prefix(2)), theirs.sorted()[theirs.count - 3])
        var seen: [Int] = []
        try queries.streamTrades(trades, among: RowCandidates(ids: listed, after: after)) { seen.append($0.id) }
        #expect(seen == theirs.filter { listed.contains($0) || $0 > after })
        var every: [Int] = []
        try queries.streamTrades(trades, among: RowCandidates(ids: theirs, after: Int(Int32.max))) {
            every.append($0.id)
        }
        #expect(every == theirs)
    }
}
