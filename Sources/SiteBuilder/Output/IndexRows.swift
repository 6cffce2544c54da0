import Telemetry

/// Which rows the index lists, folded in as rows stream by (kept in the manifest, like the rest
/// of the tally): the newest by `received_at`, and those of the newest backfill run that inserted
/// any. Only ids are kept; the index reads the rows themselves by id.
struct IndexRows: Codable, Equatable {
    struct Received: Codable, Equatable {
        var stamp: String
        var id: Int
    }

    /// At most `limit` rows, newest `received_at` first (the higher id first on a tie).
    private(set) var newestReceived: [Received] = []
    /// The newest run whose rows the table holds (rows come in id order, runs in time order).
    private(set) var lastRun: String?
    /// Its newest rows, newest first, at most `limit`.
    private(set) var lastRunIDs: [Int] = []
    /// How many rows that run inserted.
    private(set) var lastRunCount = 0

    static let limit = SiteBuilder.pageSize

    mutating func add(_ row: TelemetryRow) {
        if let stamp = row.receivedAt?.text {
            let entry = Received(stamp: stamp, id: row.id)
            // Most rows are older than the whole list (backfilled ones) or newer than all of it
            // (live ones, in id order): one comparison each.
            if newestReceived.count == Self.limit, let oldest = newestReceived.last, !Self.isNewer(entry, than: oldest)
            {
                return addRun(row)
            }
            let at = newestReceived.firstIndex { Self.isNewer(entry, than: $0) } ?? newestReceived.count
            if at < Self.limit {
                newestReceived.insert(entry, at: at)
                if newestReceived.count > Self.limit { newestReceived.removeLast() }
            }
        }
        addRun(row)
    }

    private mutating func addRun(_ row: TelemetryRow) {
        guard row.isBackfill, let run = row.runID else { return }
        if run != lastRun {
            lastRun = run
            lastRunIDs = []
            lastRunCount = 0
        }
        lastRunCount += 1
        lastRunIDs.insert(row.id, at: 0)
        if lastRunIDs.count > Self.limit { lastRunIDs.removeLast() }
    }

    static func isNewer(_ a: Received, than b: Received) -> Bool {
        a.stamp == b.stamp ? a.id > b.id : CivilDay.isEarlier(b.stamp, than: a.stamp)
    }
}
