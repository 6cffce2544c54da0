import Foundation
public import RunSummaries
public import Telemetry

/// What the nightly job says when it ends: the headline counts, the error groups that are new,
/// grew or were resolved (with links to their pages when the site's URL is known), and the
/// failure if any. Every text in it has passed through the redactor.
public struct NightMessage: Codable, Equatable, Sendable {
    /// One error group, as in the site's error trends.
    public struct Group: Codable, Equatable, Sendable {
        /// The normalised message the group's rows share (masked).
        public var fingerprint: String
        /// Rows in the group now.
        public var count: Int
        /// Rows at the previous build (0 for a new group).
        public var previous: Int
        /// The group on the published errors page; nil without `--site-url`.
        public var link: String?
    }

    /// The backfill's counts.
    public struct Counts: Codable, Equatable, Sendable {
        /// Source rows looked at.
        public var scanned: Int
        /// Telemetry rows inserted (0 for a dry run).
        public var inserted: Int
        /// Signals already covered.
        public var skipped: Int
        /// Rows whose insert failed on its own.
        public var failed: Int
        /// Whether it only counted.
        public var dryRun: Bool
        /// What a dry run would have inserted.
        public var wouldInsert: Int?

        enum CodingKeys: String, CodingKey {
            case scanned, inserted, skipped, failed
            case dryRun = "dry_run", wouldInsert = "would_insert"
        }
    }

    /// Whether the night succeeded (backfill and build).
    public var success: Bool
    /// The backfill run's id, when one was recorded.
    public var runID: String?
    /// The run's page on the published site.
    public var runLink: String?
    /// The backfill's counts (nil when it did not run).
    public var counts: Counts?
    /// What failed, masked; nil when nothing did.
    public var failure: String?
    /// Groups new since the previous build.
    public var newGroups: [Group]
    /// Groups that grew.
    public var grownGroups: [Group]
    /// Groups resolved.
    public var resolvedGroups: [Group]
    /// The published site's URL.
    public var siteURL: String?

    enum CodingKeys: String, CodingKey {
        case success, counts, failure
        case runID = "run_id", runLink = "run_link", newGroups = "new_groups", grownGroups = "grown_groups"
        case resolvedGroups = "resolved_groups", siteURL = "site_url"
    }

    /// The message of a night: its backfill `report` (nil when none ran), the build's `trends`
    /// (nil when it failed), the `failure` if any, links under `siteURL`; every text through
    /// `redact`.
    public init(
        report: BackfillReport?, trends: ErrorTrends?, failure: String?, siteURL: String?,
        redact: (String) -> String
    ) {
        let base = siteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func groups(_ entries: [ErrorTrends.Entry]) -> [Group] {
            entries.map { entry in
                Group(
                    fingerprint: redact(entry.fingerprint), count: entry.count, previous: entry.previous,
                    link: base.map { "\($0)errors/index.html#g\(Self.anchor(entry.key))" })
            }
        }
        success = failure == nil
        runID = report?.runID
        if let base, let id = report?.runID { runLink = "\(base)runs/\(id).html" } else { runLink = nil }
        counts = report.map {
            Counts(
                scanned: $0.scanned, inserted: $0.inserted, skipped: $0.skipped, failed: $0.failed, dryRun: $0.dryRun,
                wouldInsert: $0.wouldInsert)
        }
        self.failure = failure.map(redact)
        newGroups = groups(trends?.new ?? [])
        grownGroups = groups(trends?.grew ?? [])
        resolvedGroups = groups(trends?.resolved ?? [])
        self.siteURL = base
    }

    /// A group key as an URL fragment (keys are hex; anything else is percent-encoded).
    static func anchor(_ key: String) -> String {
        key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
