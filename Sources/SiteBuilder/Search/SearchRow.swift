import Foundation
import JSONKit
import Telemetry

/// A row as the search index keeps it: what a result line shows and what the facets filter on.
struct SearchRow: Equatable {
    var id: Int
    /// `YYYY-MM-DD`, or `undated`.
    var day: String
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
    static let buckets = [0, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000]

    /// The bucket of `ms`; -1 for NULL.
    static func bucket(_ ms: Int?) -> Int {
        guard let ms else { return -1 }
        return max(0, (buckets.lastIndex { $0 <= ms }) ?? 0)
    }

    /// The row of a masked telemetry row.
    init(_ row: TelemetryRow) {
        id = row.id
        day = row.receivedDay ?? "undated"
        let stamp = row.receivedAt ?? ""
        time = day == "undated" ? "" : String(stamp.split(separator: " ").dropFirst().first ?? "")
        trade = Text.clip(row.tradeID ?? "", 120)
        tradeFile = row.tradeID.map(FileNames.trade) ?? ""
        event = Text.clip(row.eventType ?? "", 40)
        backfill = row.isBackfill
        ms = row.processingTimeMs
        group = row.validationError.map { FileNames.stableHash(ErrorGroups.fingerprint($0)) } ?? ""
        error = row.validationError.map { Text.clip($0, 80) } ?? ""
    }

    init(
        id: Int, day: String, time: String, trade: String, tradeFile: String, event: String, backfill: Bool, ms: Int?,
        group: String, error: String
    ) {
        (self.id, self.day, self.time, self.trade, self.tradeFile) = (id, day, time, trade, tradeFile)
        (self.event, self.backfill, self.ms, self.group, self.error) = (event, backfill, ms, group, error)
    }

    /// The facet values a day summary counts: event, source, group, time bucket.
    var combo: SearchCombo {
        SearchCombo(event: event, backfill: backfill, group: group, bucket: Self.bucket(ms))
    }

    /// `[id, day, time, trade, tradeFile, event, backfill, ms, group, error]`.
    var json: String {
        "[\(id),\(JSONText.string(day)),\(JSONText.string(time)),\(JSONText.string(trade)),"
            + "\(JSONText.string(tradeFile)),\(JSONText.string(event)),\(backfill ? 1 : 0),"
            + "\(ms.map(String.init) ?? "null"),\(JSONText.string(group)),\(JSONText.string(error))]"
    }

    /// The row from its `json` form (a published shard read back).
    init?(_ value: Any) {
        guard let fields = value as? [Any], fields.count == 10, let id = (fields[0] as? NSNumber)?.intValue,
            let day = fields[1] as? String, let time = fields[2] as? String, let trade = fields[3] as? String,
            let file = fields[4] as? String, let event = fields[5] as? String,
            let source = (fields[6] as? NSNumber)?.intValue, let group = fields[8] as? String,
            let error = fields[9] as? String
        else { return nil }
        self.init(
            id: id, day: day, time: time, trade: trade, tradeFile: file, event: event, backfill: source == 1,
            ms: (fields[7] as? NSNumber)?.intValue, group: group, error: error)
    }
}

/// One combination of facet values, with how many rows have it.
struct SearchCombo: Hashable {
    var event: String
    var backfill: Bool
    var group: String
    var bucket: Int

    /// `[event, backfill, group, bucket, count]`.
    func json(count: Int) -> String {
        "[\(JSONText.string(event)),\(backfill ? 1 : 0),\(JSONText.string(group)),\(bucket),\(count)]"
    }

    /// The combination and count from their `json` form.
    static func parse(_ value: Any) -> (SearchCombo, Int)? {
        guard let fields = value as? [Any], fields.count == 5, let event = fields[0] as? String,
            let source = (fields[1] as? NSNumber)?.intValue, let group = fields[2] as? String,
            let bucket = (fields[3] as? NSNumber)?.intValue, let count = (fields[4] as? NSNumber)?.intValue
        else { return nil }
        return (SearchCombo(event: event, backfill: source == 1, group: group, bucket: bucket), count)
    }
}

/// The index's files: JavaScript that hands its data to the search page (`<script>` loading
/// works from `file://`, where `fetch` does not), read back by incremental builds.
enum SearchFile {
    /// `TS_SEARCH_LOAD("name", data);`
    static func script(_ name: String, _ json: String) -> String {
        "TS_SEARCH_LOAD(\(JSONText.string(name)),\(json));\n"
    }

    /// The data of a published file, parsed; nil when it is missing or not ours.
    static func read(_ url: URL) -> Any? {
        guard let text = try? String(contentsOf: url, encoding: .utf8), let open = text.firstIndex(of: ","),
            text.hasSuffix(");\n")
        else { return nil }
        let json = text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -3)]
        return try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    /// A stable 64-bit mix of an integer (content-defined chunk boundaries).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
