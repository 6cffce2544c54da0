import Telemetry

/// A row as the search index keeps it: what a result line shows and what the facets filter on.
/// Published as `[id, day, time, trade, tradeFile, event, backfill, ms, group, error]`.
struct SearchRow: Equatable, Decodable {
    /// The name a day without a date is published under (in rows, summaries and exports).
    static let undated = "undated"

    var id: Int
    /// The calendar day of `received_at`; nil when NULL.
    var day: String?
    /// `HH:MM:SS`, or empty.
    var time: String
    var trade: String
    /// The trade page's file name (without extension); empty without a trade.
    var tradeFile: String
    var event: String
    var backfill: Bool
    var ms: Int?
    /// The validation-error group's key (`ErrorGroups` fingerprint hash); empty when valid.
    var group: String
    /// The start of the validation error.
    var error: String

    /// Processing-time buckets (ms): a row is in bucket i when `buckets[i] <= ms < buckets[i + 1]`.
    static let buckets = TypeLatency.bucketBounds

    /// The bucket of `ms`; -1 for NULL.
    static func bucket(_ ms: Int?) -> Int {
        guard let ms else { return -1 }
        return max(0, (buckets.lastIndex { $0 <= ms }) ?? 0)
    }

    /// The row of a masked telemetry row; `tradeFile` is its trade's file name when the caller
    /// has it already (made from the trade id otherwise).
    init(_ row: TelemetryRow, tradeFile: String? = nil) {
        id = row.id
        day = row.receivedAt?.day?.text
        time = row.receivedAt.map { String($0.time) } ?? ""
        trade = Text.clip(row.tradeID ?? "", 120)
        self.tradeFile = tradeFile ?? row.tradeID.map(FileNames.trade) ?? ""
        event = Text.clip(row.eventType?.rawValue ?? "", 40)
        backfill = row.isBackfill
        ms = row.processingTimeMs
        group = ErrorGroups.fingerprint(of: row).map(FileNames.stableHash) ?? ""
        error = row.validationError.map { Text.clip($0, 80) } ?? ""
    }

    init(
        id: Int, day: String?, time: String, trade: String, tradeFile: String, event: String, backfill: Bool, ms: Int?,
        group: String, error: String
    ) {
        (self.id, self.day, self.time, self.trade, self.tradeFile) = (id, day, time, trade, tradeFile)
        (self.event, self.backfill, self.ms, self.group, self.error) = (event, backfill, ms, group, error)
    }

    /// The day's published name: the date, or `undated`.
    var dayName: String { day ?? Self.undated }

    /// The facet values a day summary counts: event, source, group, time bucket.
    var combo: SearchCombo {
        SearchCombo(event: event, backfill: backfill, group: group, bucket: Self.bucket(ms))
    }

    init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        id = try fields.decode(Int.self)
        let day = try fields.decode(String.self)
        self.day = day == Self.undated ? nil : day
        time = try fields.decode(String.self)
        trade = try fields.decode(String.self)
        tradeFile = try fields.decode(String.self)
        event = try fields.decode(String.self)
        backfill = try fields.decode(Int.self) == 1
        ms = try fields.decodeIfPresent(Int.self)
        group = try fields.decode(String.self)
        error = try fields.decode(String.self)
    }
}

/// One combination of facet values. Published with its count as
/// `[event, backfill, group, bucket, count]` (see ``SearchCombo/Counted``).
struct SearchCombo: Hashable {
    var event: String
    var backfill: Bool
    var group: String
    var bucket: Int

    /// A combination and how many rows have it.
    struct Counted: Codable {
        var combo: SearchCombo
        var count: Int

        init(_ combo: SearchCombo, _ count: Int) {
            self.combo = combo
            self.count = count
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            let event = try fields.decode(String.self)
            let backfill = try fields.decode(Int.self) == 1
            let group = try fields.decode(String.self)
            let bucket = try fields.decode(Int.self)
            combo = SearchCombo(event: event, backfill: backfill, group: group, bucket: bucket)
            count = try fields.decode(Int.self)
        }

        func encode(to encoder: any Encoder) throws {
            try encoder.encodePositions(combo.event, combo.backfill ? 1 : 0, combo.group, combo.bucket, count)
        }
    }
}
