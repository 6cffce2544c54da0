import RunSummaries
import Telemetry

extension ErrorTrends {
    /// How the groups of `current` changed from `previous` (the last build's tally, made at
    /// `since`): new groups, groups with more rows, and groups with rows in the previous chart
    /// window and none in this one. Without a previous tally there is nothing to compare.
    init(previous: SiteTally?, current: SiteTally, since: String?) {
        self.init(since: previous == nil ? nil : since)
        guard let previous else { return }
        let before = previous.errors.groups
        var new: [Entry] = []
        var grew: [Entry] = []
        var resolved: [Entry] = []
        for group in current.errors.groups.values {
            let old = before[group.fingerprint]
            let entry = Entry(
                key: FileNames.stableHash(group.fingerprint), fingerprint: Text.clip(group.fingerprint, 300),
                count: group.count, previous: old?.count ?? 0)
            if old == nil {
                new.append(entry)
            } else if group.count > entry.previous {
                grew.append(entry)
            } else if !current.stats.isInWindow(group.last), let old, previous.stats.isInWindow(old.last) {
                resolved.append(entry)
            }
        }
        let order = { (a: Entry, b: Entry) in
            (a.count - a.previous, a.count, b.key) > (b.count - b.previous, b.count, a.key)
        }
        (newTotal, grewTotal, resolvedTotal) = (new.count, grew.count, resolved.count)
        self.new = Array(new.sorted(by: order).prefix(Self.listLimit))
        self.grew = Array(grew.sorted(by: order).prefix(Self.listLimit))
        self.resolved = Array(resolved.sorted { ($0.count, $1.key) > ($1.count, $0.key) }.prefix(Self.listLimit))
    }
}
