import Foundation
import Hashing
import SiteOutput
import SystemIO
import Telemetry

/// The data exports: one NDJSON and one CSV file per day of `received_at` under `exports/`
/// (`undated` for rows without one), rows in id order, and `exports/index.json` listing every
/// day with its row count, sizes and SHA-256.
///
/// Rows are added as they stream by; days are held in memory up to `spillBytes` in all, then
/// appended to part files in a scratch folder, so memory stays flat whatever the table size.
/// An incremental build adds only new rows (ids above the previous build's): each touched day's
/// published files are read back and the new rows appended, which gives the bytes a full build
/// writes (both order the day's rows by id). Untouched days are not rewritten.
struct DayExports {
    /// What `exports/index.json` says about one day.
    struct Day: Codable, Equatable {
        struct File: Codable, Equatable {
            var path: String
            var bytes: Int
            var sha256: String
        }

        var day: String
        var rows: Int
        var ndjson: File
        var csv: File
    }

    /// `exports/index.json`.
    struct Index: Codable, Equatable {
        var format = 1
        var columns = ExportLines.columns
        var days: [Day] = []
    }

    /// The most bytes held in memory before they are appended to part files.
    static let spillBytes = 4 << 20

    private struct Pending {
        var ndjson: [UInt8] = []
        var csv: [UInt8] = []
        var rows = 0
        var spilled = false

        /// Appends the row's line to each buffer; returns the bytes added.
        mutating func append(_ row: TelemetryRow) -> Int {
            let before = ndjson.count + csv.count
            ExportLines.appendNDJSON(row, to: &ndjson)
            ExportLines.appendCSV(row, to: &csv)
            rows += 1
            return ndjson.count + csv.count - before
        }
    }

    private var pending: [String: Pending] = [:]
    private var buffered = 0
    private let scratch: URL
    private let spillBytes: Int

    /// Exports whose part files go into a folder of their own in `scratch` (created when first
    /// needed, removed by `finish`) once more than `spillBytes` are held.
    init(scratch: URL, spillBytes: Int = DayExports.spillBytes) {
        self.scratch = scratch.appendingPathComponent("exports-\(UUID().uuidString)")
        self.spillBytes = spillBytes
    }

    /// Adds a row (in id order) to its day.
    mutating func add(_ row: TelemetryRow) throws {
        // In place: a copy taken out of the dictionary would share its buffers, and every
        // append would then copy the day's whole text (quadratic up to the spill size).
        buffered += pending[row.receivedAt?.day?.text ?? SearchRow.undated, default: Pending()].append(row)
        if buffered > spillBytes { try spill() }
    }

    /// Appends every day's buffered lines to its part files.
    private mutating func spill() throws {
        try PrivateFiles.createFolder(scratch.path)
        for (day, entry) in pending where !entry.ndjson.isEmpty {
            try Self.append(entry.ndjson, to: scratch.appendingPathComponent("\(day).ndjson"))
            try Self.append(entry.csv, to: scratch.appendingPathComponent("\(day).csv"))
            // Released, not kept: rows come in id order, so a day spilled once rarely grows
            // again, and capacity kept per day would add up to the whole export.
            pending[day]?.ndjson = []
            pending[day]?.csv = []
            pending[day]?.spilled = true
        }
        buffered = 0
    }

    private static func append(_ bytes: [UInt8], to url: URL) throws {
        do {
            try FileIO.append(bytes, to: url.path, mode: 0o600)
        } catch {
            var failure = SiteBuildError(step: "write exports", underlying: error)
            failure.code = .cannotWrite
            throw failure
        }
    }

    /// Writes the touched days' files and the index. `previous` is the published index of an
    /// incremental build (nil for a full build): its days are kept, touched ones extended.
    func finish(into output: SiteOutput, previous: Index?) throws -> Index {
        defer { try? FileManager.default.removeItem(at: scratch) }
        var days = Dictionary(uniqueKeysWithValues: (previous?.days ?? []).map { ($0.day, $0) })
        for day in pending.keys.sorted() {
            let entry = pending[day]!
            let earlier = previous != nil && days[day] != nil
            var ndjson = earlier ? try published(output, "\(day).ndjson") : []
            var csv = earlier ? try published(output, "\(day).csv") : Array(ExportLines.csvHeader.utf8)
            if entry.spilled {
                ndjson += try Array(Data(contentsOf: scratch.appendingPathComponent("\(day).ndjson")))
                csv += try Array(Data(contentsOf: scratch.appendingPathComponent("\(day).csv")))
            }
            ndjson += entry.ndjson
            csv += entry.csv
            let files = (ndjson: Self.file("\(day).ndjson", ndjson), csv: Self.file("\(day).csv", csv))
            try output.write("exports/\(day).ndjson", ndjson, sha256Hex: files.ndjson.sha256)
            try output.write("exports/\(day).csv", csv, sha256Hex: files.csv.sha256)
            days[day] = Day(
                day: day, rows: (earlier ? days[day]!.rows : 0) + entry.rows, ndjson: files.ndjson, csv: files.csv)
        }
        return Index(days: days.values.sorted { $0.day < $1.day })
    }

    private func published(_ output: SiteOutput, _ name: String) throws -> [UInt8] {
        let url = output.target.appendingPathComponent("exports").appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SiteBuildError(
                step: "write exports", code: .unreadablePublishedFile,
                message: "the published export \(name) is missing")
        }
        return Array(data)
    }

    private static func file(_ path: String, _ bytes: [UInt8]) -> Day.File {
        Day.File(path: path, bytes: bytes.count, sha256: Hashing.sha256Hex(bytes))
    }
}
