import Foundation
import RunSummaries
import SystemIO

/// What the last build made: enough to render only what changed next time.
struct BuildManifest: Codable, Equatable {
    static let formatVersion = 5

    var format = BuildManifest.formatVersion
    /// Digest of the templates, assets and tool version.
    var inputs: String
    var maxID: Int
    var rowCount: Int
    /// Headline numbers, chart series and error groups of rows `...maxID`.
    var tally: SiteTally
    /// When the build was made (ISO 8601): what the next build's error trends are "since".
    var builtAt: String?
    /// The error trends the build showed (kept by the next build when no row changed).
    var trends: ErrorTrends?
    /// The newest backfill run the build saw: the runs after it get the next build's trends.
    var newestRun: String?
    /// The error trends shown on each run page, by run id (runs with a page only).
    var runTrends: [String: ErrorTrends]?
    /// The errors feed's groups, newest first.
    var errorFeed: [ErrorFeedItem]?
    /// The `build.json` the build published: tells whether a manifest left pending by a killed
    /// build goes with the site (`settlePending`).
    var buildInfo: String?

    /// The manifest saved at `url`, nil when there is none or it has another format.
    static func load(from url: URL) -> BuildManifest? {
        guard let data = FileManager.default.contents(atPath: url.path),
            let manifest = try? OwnFiles.decode(BuildManifest.self, data),
            manifest.format == formatVersion
        else { return nil }
        return manifest
    }

    func save(to url: URL) throws {
        try PrivateFiles.write(Array(try OwnFiles.pretty(self)), to: url.path)
    }
}
