import Foundation
import RunSummaries
import SiteOutput
import SiteTemplates
import Telemetry

/// A validation-error group as the errors feed keeps it: found new by the build made at `detected`.
struct ErrorFeedItem: Codable, Equatable {
    var key: String
    var fingerprint: String
    var count: Int
    /// When the build that found it new was made (RFC 3339).
    var detected: String
}
