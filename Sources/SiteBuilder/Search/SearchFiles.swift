/// `search/meta.js`: the table's newest id and row count, the time buckets, every day's row
/// count and the combination counts over the whole table.
struct SearchMeta: Codable {
    /// A day and its row count: `[day, rows]`.
    struct DayCount: Codable {
        var day: String
        var rows: Int

        init(_ day: String, _ rows: Int) {
            self.day = day
            self.rows = rows
        }

        init(from decoder: any Decoder) throws {
            (day, rows) = try decoder.decodePositions()
        }

        func encode(to encoder: any Encoder) throws {
            try encoder.encodePositions(day, rows)
        }
    }

    var maxID: Int
    var rows: Int
    var buckets: [Int]
    var days: [DayCount]
    var cube: [SearchCombo.Counted]

    enum CodingKeys: String, CodingKey {
        case maxID = "max_id", rows, buckets, days, cube
    }
}

/// `search/days/<day>.js`: the day's combinations with counts, and its chunks.
struct SearchDaySummary: Codable {
    /// A chunk as the summary lists it: `[first id, rows, [combination numbers], errors 0/1]`.
    struct Chunk: Codable {
        var firstID: Int
        var rows: Int
        /// Positions in the summary's `combos`.
        var combos: [Int]
        var errors: Bool

        init(firstID: Int, rows: Int, combos: [Int], errors: Bool) {
            (self.firstID, self.rows, self.combos, self.errors) = (firstID, rows, combos, errors)
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            firstID = try fields.decode(Int.self)
            rows = try fields.decode(Int.self)
            combos = try fields.decode([Int].self)
            errors = try fields.decode(Int.self) == 1
        }

        func encode(to encoder: any Encoder) throws {
            try encoder.encodePositions(firstID, rows, combos, errors ? 1 : 0)
        }
    }

    var combos: [SearchCombo.Counted]
    var chunks: [Chunk]
}

/// One validation-error group in `search/groups.js`: `[key, fingerprint, count, sample]`.
struct SearchGroup: Codable {
    var key: String
    var fingerprint: String
    var count: Int
    var sample: String

    init(key: String, fingerprint: String, count: Int, sample: String) {
        (self.key, self.fingerprint, self.count, self.sample) = (key, fingerprint, count, sample)
    }

    init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        key = try fields.decode(String.self)
        fingerprint = try fields.decode(String.self)
        count = try fields.decode(Int.self)
        sample = try fields.decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        try encoder.encodePositions(key, fingerprint, count, sample)
    }
}
