public import Foundation
import SystemIO

/// Renders a run record as the Markdown reviewers read, given the run before it (the
/// `RunSummaries` module's `RunSummary.summarizer`; the domain stores text, it does not format it).
public typealias RunSummarizer = @Sendable (_ record: RunRecord, _ previous: RunRecord?) -> String

/// Run records on disk: `<state>/runs/<run_id>.json` and `<run_id>.md`.
public struct RunStore: Sendable {
    /// `<state>/runs`.
    public let directory: URL

    /// - Parameter stateDirectory: the tool's state folder (default `.telemetry-site`).
    public init(stateDirectory: URL) {
        self.directory = stateDirectory.appendingPathComponent("runs", isDirectory: true)
    }

    /// Writes the record's JSON and its summary (each file written whole, 0600, then renamed
    /// into place).
    /// - Parameter summarize: renders the record for reviewers, given the run before it.
    /// - Returns: the summary that was written.
    @discardableResult
    public func save(_ record: RunRecord, summarize: RunSummarizer) throws -> String {
        try PrivateFiles.createFolder(directory.path)
        let previous = try latest(before: record.runID)
        let markdown = summarize(record, previous)
        try PrivateFiles.write(Array(try Self.encoder.encode(record)), to: jsonURL(record.runID).path)
        try PrivateFiles.write(Array(markdown.utf8), to: markdownURL(record.runID).path)
        return markdown
    }

    /// Every stored record, newest first. Unreadable files are skipped.
    public func all() throws -> [RunRecord] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted(by: >)
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                return nil
            }
            return try? Self.decoder.decode(RunRecord.self, from: data)
        }
    }

    /// The newest record of a run that wrote (not a dry run) whose id sorts before `runID`, if
    /// any: what a run's counts are compared with. Files are read newest first until one is
    /// found (a state folder may hold a year of records).
    public func latest(before runID: String) throws -> RunRecord? {
        guard FileManager.default.fileExists(atPath: directory.path) else { return nil }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && String($0.dropLast(5)) < runID }
            .sorted(by: >)
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                let record = try? Self.decoder.decode(RunRecord.self, from: data), !record.dryRun
            else { continue }
            return record
        }
        return nil
    }

    /// Where the record `runID`'s JSON is kept.
    public func jsonURL(_ runID: String) -> URL { directory.appendingPathComponent("\(runID).json") }
    /// Where the record `runID`'s Markdown summary is kept.
    public func markdownURL(_ runID: String) -> URL { directory.appendingPathComponent("\(runID).md") }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
