public import Foundation

/// Failed logins, counted per (address, user) pair with slower backstops per address (one
/// address trying many users) and per user (many addresses trying one user). A pair is refused
/// (429) after 5 failures within 15 minutes, an address after 50, a user after 100, until the
/// oldest failure ages out. A success clears its pair and its address.
///
/// Memory is bounded whatever arrives: keys are 64-bit hashes keyed per process (a 16 KB name
/// costs what a short one does), at most `limit` timestamps are kept per key, nothing is stored
/// for an attempt that was refused or for a key without failures, expired entries are swept,
/// and past `capacity` keys the entry with the oldest latest failure is evicted.
public actor LoginThrottle {
    /// Failures allowed per key kind within `window`.
    public static let pairLimit = 5
    /// Failed logins one address may make in a `window`, whatever the user names.
    public static let addressLimit = 50
    /// Failed logins against one user name in a `window`, from all unknown clients together
    /// (at most 400 passwords an hour per user from clients without its device cookie).
    public static let userLimit = 100
    /// Failed logins one known device (a browser holding the user's device cookie) may make in
    /// a `window`: its own budget, untouched by what others do.
    public static let deviceLimit = 5
    /// How long failures count (seconds).
    public static let window: TimeInterval = 15 * 60
    /// Keys kept at most.
    public let capacity: Int

    private struct Key: Hashable {
        var digest: Int
        var limit: Int
    }

    private var failures: [Key: [Date]] = [:]
    private var sweptAt = Date.distantPast

    /// - Parameter capacity: keys kept at most (each holds up to 100 timestamps).
    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// How many keys are held now.
    public var count: Int { failures.count }

    /// The keys an attempt counts against: a known device's own key, else the pair, the address
    /// and the user.
    private static func keys(user: String, address: String, device: String?) -> [Key] {
        if let device {
            var byDevice = Hasher()
            byDevice.combine("device")
            byDevice.combine(device)
            byDevice.combine(user)
            return [Key(digest: byDevice.finalize(), limit: deviceLimit)]
        }
        return keys(user: user, address: address)
    }

    private static func keys(user: String, address: String) -> [Key] {
        var pair = Hasher()
        pair.combine("pair")
        pair.combine(address)
        pair.combine(user)
        var byAddress = Hasher()
        byAddress.combine("address")
        byAddress.combine(address)
        var byUser = Hasher()
        byUser.combine("user")
        byUser.combine(user)
        return [
            Key(digest: pair.finalize(), limit: pairLimit), Key(digest: byAddress.finalize(), limit: addressLimit),
            Key(digest: byUser.finalize(), limit: userLimit),
        ]
    }

    /// Seconds to wait, or nil when `user` may try from `address` (on the known `device`, when
    /// its cookie came along) now.
    public func retryAfter(user: String, address: String, device: String? = nil, now: Date = Date()) -> Int? {
        sweep(now)
        var wait: TimeInterval = 0
        for key in Self.keys(user: user, address: address, device: device) {
            guard let recent = failures[key]?.filter({ now.timeIntervalSince($0) < Self.window }) else { continue }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= key.limit, let oldest = recent.first {
                wait = max(wait, Self.window - now.timeIntervalSince(oldest))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    /// Counts a failed attempt of `user` from `address` (on `device`: against its own budget).
    public func recordFailure(user: String, address: String, device: String? = nil, now: Date = Date()) {
        for key in Self.keys(user: user, address: address, device: device) {
            var times = failures[key] ?? []
            times.append(now)
            if times.count > key.limit { times.removeFirst(times.count - key.limit) }
            failures[key] = times
        }
        if failures.count > capacity { evict(now) }
    }

    /// A success: forgets the pair's and the address's failures (not the user's backstop), and
    /// the device's.
    public func recordSuccess(user: String, address: String, device: String? = nil) {
        for key in Self.keys(user: user, address: address).prefix(2) { failures[key] = nil }
        if let device {
            for key in Self.keys(user: user, address: address, device: device) { failures[key] = nil }
        }
    }

    private func sweep(_ now: Date) {
        guard now.timeIntervalSince(sweptAt) >= 60 else { return }
        sweptAt = now
        failures = failures.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < Self.window }
    }

    private func evict(_ now: Date) {
        sweptAt = .distantPast
        sweep(now)
        guard failures.count > capacity else { return }
        let excess = failures.count - capacity * 9 / 10  // room for the next tenth before sorting again
        let oldest = failures.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }.prefix(
            excess)
        for (key, _) in oldest { failures[key] = nil }
    }
}
