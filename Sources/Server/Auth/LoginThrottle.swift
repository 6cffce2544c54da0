import Foundation

/// Failed logins per user and per address: after 5 within 15 minutes, further attempts are
/// refused (429) until the oldest failure ages out.
public actor LoginThrottle {
    public static let limit = 5
    public static let window: TimeInterval = 15 * 60
    private var failures: [String: [Date]] = [:]

    public init() {}

    /// Seconds to wait, or nil when an attempt for `keys` may go ahead.
    public func retryAfter(_ keys: [String], now: Date = Date()) -> Int? {
        var wait: TimeInterval = 0
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[key] = recent
            if recent.count >= Self.limit, let oldest = recent.first {
                wait = max(wait, Self.window - now.timeIntervalSince(oldest))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    public func recordFailure(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key, default: []].append(now) }
    }

    public func reset(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}
