public import Foundation
import Logging
import Postgres
import RunSummaries
public import SiteBuilder
public import Telemetry

/// A database plus a site folder and state folder of its own, built with the real templates.
public struct SiteFixture: Sendable {
    /// The checkout: this file is `Tests/TestSupport/SiteFixture.swift`.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let templates = repository.appendingPathComponent("Templates")
    /// Where the browser tests leave their screenshots for a person to look at after the run:
    /// beside the build (ignored by git), not in the temporary directory, which a run leaves as
    /// it found it.
    public static let screenshots = repository.appendingPathComponent(".build/screenshots")

    public let database: TestDatabase
    public let folder: URL
    public var out: URL { folder.appendingPathComponent("Site") }
    public var state: URL { folder.appendingPathComponent("state") }

    public init(_ database: TestDatabase) throws {
        self.database = database
        folder = temporaryFolder("site")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// An empty database with both tables.
    public static func empty() throws -> SiteFixture {
        let database = try TestDatabase()
        try database.connect().execute(Schema.createTables)
        return try SiteFixture(database)
    }

    /// The options `build()` uses.
    public func options(full: Bool = false) -> SiteBuildOptions {
        SiteBuildOptions(
            databaseURL: database.url, out: out, defaultTemplates: Self.templates, stateDirectory: state, full: full)
    }

    /// Builds with `options` (`full` overriding theirs).
    @discardableResult
    public func build(_ options: SiteBuildOptions, full: Bool = false) throws -> SiteBuildReport {
        var options = options
        options.full = full
        return try SiteBuilder(
            options: options, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        ).build()
    }

    @discardableResult
    public func build(
        full: Bool = false, overrides: URL? = nil, into folder: URL? = nil, referenceRenderer: Bool = false,
        workers: Int? = nil
    ) throws -> SiteBuildReport {
        var options = SiteBuildOptions(
            databaseURL: database.url, out: folder ?? out, templates: overrides, defaultTemplates: Self.templates,
            stateDirectory: state, full: full)
        options.referenceRenderer = referenceRenderer
        options.workers = workers
        return try SiteBuilder(
            options: options,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        ).build()
    }

    public func backfill() -> BackfillJob.Result {
        BackfillJob(databaseURL: database.url, stateDirectory: state, reporting: .markdown(redactor: nil)).run(
            BackfillOptions(limit: BackfillLimit(requested: 5000), all: true),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Inserts a telemetry row; JSON arguments are JSON text (or nil for SQL NULL).
    @discardableResult
    public func insert(
        received: String? = "2025-10-01 09:30:00", raw: String?, fused: String? = nil, error: String? = nil,
        handler: String? = "{\"status\": \"ok\"}", ms: Int? = 12
    ) throws -> Int {
        try database.connect().query(
            """
            INSERT INTO telemetry_automated_signals_log (received_at, raw_payload, fused_event, validation_error, handler_result, processing_time_ms)
            VALUES ($1::timestamp, $2::jsonb, $3::jsonb, $4, $5::jsonb, $6::int) RETURNING id
            """, [received, raw, fused, error, handler, ms.map(String.init)]
        ).first?.int("id") ?? 0
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path)
    }

    /// Relative path → content digest of every file in the site (or in `folder`).
    public func snapshot(of folder: URL? = nil) throws -> [String: String] {
        let out = folder ?? self.out
        var files: [String: String] = [:]
        let root = out.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: out.path) else { return [:] }
        for case let path as String in walker {
            let url = URL(fileURLWithPath: root + path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                let data = try Data(contentsOf: url)
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in data {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x100_0000_01b3
                }
                files[path] = "\(data.count)-\(hash)"
            }
        }
        return files
    }

    /// Every page's relative links and asset references, resolved against the page.
    public func brokenLinks() throws -> [String] {
        var broken: [String] = []
        let pattern = /(?:href|src)="([^"#?]*)(?:[?#][^"]*)?"/
        for path in try snapshot().keys where path.hasSuffix(".html") {
            let text = try read(path)
            let base = out.appendingPathComponent(path).deletingLastPathComponent()
            for match in text.matches(of: pattern) {
                let target = String(match.1)
                // `data:,` is the pages' empty icon: nothing to fetch.
                if target.isEmpty || target.hasPrefix("/api/") || target == "data:," { continue }
                if target.contains(":") || target.hasPrefix("/") {
                    broken.append("\(path): absolute or external link \(target)")
                    continue
                }
                let resolved = base.appendingPathComponent(target).standardizedFileURL.path
                if !FileManager.default.fileExists(atPath: resolved) { broken.append("\(path): \(target)") }
            }
        }
        return broken
    }
}
