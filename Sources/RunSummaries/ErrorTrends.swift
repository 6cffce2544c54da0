/// How the validation-error groups changed from one site build to the next: groups that are
/// **new**, that **grew**, and that were **resolved** (no occurrence left in the chart window).
/// Each list holds at most `listLimit` groups, largest first; the totals count them all.
public struct ErrorTrends: Codable, Equatable, Sendable {
    /// The most groups each list keeps.
    public static let listLimit = 50

    /// One group's change.
    public struct Entry: Codable, Equatable, Sendable {
        /// The group's anchor on the errors page (`#g<key>`).
        public var key: String
        /// The normalised message shared by the group's rows (already masked and clipped).
        public var fingerprint: String
        /// Rows in the group now.
        public var count: Int
        /// Rows in the group at the previous build (0 for a new group).
        public var previous: Int

        /// An entry for the group `key`.
        public init(key: String, fingerprint: String, count: Int, previous: Int) {
            self.key = key
            self.fingerprint = fingerprint
            self.count = count
            self.previous = previous
        }

        /// Growth in percent of the previous count, one decimal (nil for a new group).
        public var percent: String? {
            guard previous > 0 else { return nil }
            let tenths = ((count - previous) * 1000 + previous / 2) / previous
            return "\(tenths / 10).\(tenths % 10)"
        }
    }

    /// When the build compared with was made (ISO 8601), nil when there was none.
    public var since: String?
    /// Groups with no row at the previous build.
    public var new: [Entry] = []
    /// Groups with more rows than at the previous build.
    public var grew: [Entry] = []
    /// Groups with rows in the previous build's chart window and none in this one's.
    public var resolved: [Entry] = []
    /// How many groups are new, grew and were resolved (the lists may hold fewer).
    public var newTotal = 0
    /// See `newTotal`.
    public var grewTotal = 0
    /// See `newTotal`.
    public var resolvedTotal = 0

    /// Trends against a build made at `since` (nil: no earlier build to compare with).
    public init(since: String?) {
        self.since = since
    }

    /// Whether anything changed.
    public var isEmpty: Bool { newTotal == 0 && grewTotal == 0 && resolvedTotal == 0 }

    enum CodingKeys: String, CodingKey {
        case since, new, grew, resolved
        case newTotal = "new_total", grewTotal = "grew_total", resolvedTotal = "resolved_total"
    }
}
