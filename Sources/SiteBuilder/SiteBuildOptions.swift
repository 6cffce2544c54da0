public import Foundation
public import Redaction
public import SiteTemplates
public import Telemetry

/// What to build and where.
public struct SiteBuildOptions: Sendable {
    /// libpq URL or key-value string; nil reads the `PG*` environment.
    public var databaseURL: String?
    /// The site folder to write.
    public var out: URL
    /// A folder whose templates replace the defaults file by file.
    public var templates: URL?
    /// The default templates (normally `Templates/` of the checkout).
    public var defaultTemplates: URL
    /// The tool's state folder: run records and build manifests.
    public var stateDirectory: URL
    /// Whether to rebuild everything even when an incremental build would do.
    public var full: Bool
    /// Threads rendering detail and trade pages (default: one per core).
    public var workers: Int?
    /// Render with swift-mustache instead of the compiled renderer (the reference; slower).
    public var referenceRenderer = false
    /// How many of the newest backfill runs keep a page (runs that inserted rows always do).
    public var runPages = RunRetention.defaultPages
    /// Secrets masked before anything is written (on by default).
    public var redaction = RedactionSetting.rules(file: nil)
    /// Seconds to wait for the database to answer a connection (nil: libpq's default). The
    /// server's rebuild after a backfill sets it, so a hung database cannot hold a job thread.
    public var connectTimeout: Int?
    /// When `databaseURL` is a standby and a backfill just wrote to the primary: the position
    /// every read connection waits for before reading anything.
    public var catchUp: ReplicaCatchUp?

    /// Options for building `out` from the database at `databaseURL`.
    public init(
        databaseURL: String?, out: URL, templates: URL? = nil, defaultTemplates: URL = TemplateSet.defaultFolder(),
        stateDirectory: URL, full: Bool = false
    ) {
        self.databaseURL = databaseURL
        self.out = out
        self.templates = templates
        self.defaultTemplates = defaultTemplates
        self.stateDirectory = stateDirectory
        self.full = full
    }
}
