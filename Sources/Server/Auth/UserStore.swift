public import Foundation
import HummingbirdBcrypt
import SystemIO

/// Users from an htpasswd file of bcrypt lines (`name:$2y$…`, as `htpasswd -B` writes them).
///
/// Every check costs what the slowest entry's costs: an unknown name is checked against a
/// decoy of that cost, and a user whose hash is cheaper (`htpasswd -B` writes cost 5) is also
/// checked against the decoy, so neither names nor cheap hashes can be told apart by timing. A
/// user below `minimumCost` is upgraded to `defaultCost` at their next successful login (the
/// file rewritten whole and renamed, its mode kept).
public struct UserStore: Sendable {
    private let file: URL
    private let hashes: Hashes
    /// A hash nobody's password matches, at the highest cost among the file's entries.
    private let decoy: String

    /// The bcrypt cost `user add` writes, and the one a weak hash is upgraded to.
    public static let defaultCost: UInt8 = 12
    /// Below this cost a hash is weak: warned about at startup, upgraded at the next login.
    public static let minimumCost: UInt8 = 10

    /// The file's hashes, replaced in memory when one is upgraded.
    private final class Hashes: Sendable {
        let byUser: Locked<[String: String]>
        init(_ hashes: [String: String]) { byUser = Locked(hashes) }
    }

    /// Reads an htpasswd file (`name:bcrypt-hash` lines).
    public init(file: URL) throws {
        var hashes: [String: String] = [:]
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, !line.hasPrefix("#") else { continue }
                hashes[String(parts[0])] = String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        self.file = file
        self.hashes = Hashes(hashes)
        decoy = Bcrypt.hash("decoy-\(Session.randomToken())", cost: Self.cost(of: hashes.values))
    }

    /// The cost of the decoy: the highest cost among `hashes` (`$2b$12$…`, bounded to 4…20),
    /// else the default.
    static func cost(of hashes: some Sequence<String>) -> UInt8 {
        hashes.compactMap(cost(of:)).max() ?? defaultCost
    }

    /// The cost written in one bcrypt hash (bounded to 4…20), nil when it is not one.
    static func cost(of hash: String) -> UInt8? {
        let parts = hash.split(separator: "$")
        guard parts.count >= 3, parts[0].hasPrefix("2"), let cost = UInt8(parts[1]) else { return nil }
        return min(max(cost, 4), 20)
    }

    /// The cost unknown names are checked at.
    public var decoyCost: UInt8 { Self.cost(of: [decoy]) }

    /// Whether the file names no user (nobody can log in).
    public var isEmpty: Bool { hashes.byUser.withLock { $0.isEmpty } }

    /// Users whose hash costs less than `minimumCost`, by name.
    public var weakUsers: [String] {
        hashes.byUser.withLock { $0.filter { (Self.cost(of: $0.value) ?? 0) < Self.minimumCost }.keys.sorted() }
    }

    /// Whether `password` is `user`'s, taking as long as the costliest check. Blocking
    /// (bcrypt): call it off the event loop. A weak hash that matched is upgraded (`upgrade`).
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes.byUser.withLock({ $0[user] }), hash.hasPrefix("$2") else {
            _ = Bcrypt.verify(password, hash: decoy)
            return false
        }
        // htpasswd writes $2y$; the bcrypt of hummingbird-auth reads $2b$ (same algorithm).
        let normalized = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        let valid = Bcrypt.verify(password, hash: normalized)
        let cost = Self.cost(of: hash) ?? 0
        if cost < decoyCost { _ = Bcrypt.verify(password, hash: decoy) }
        if valid && cost < Self.minimumCost { try? upgrade(user: user, password: password) }
        return valid
    }

    /// Rewrites `user`'s hash at `defaultCost`, in the file (its mode kept) and in memory.
    func upgrade(user: String, password: String) throws {
        let mode = (try? FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) ?? 0o600
        let hash = try Self.set(user: user, password: password, in: file, mode: UInt32(mode))
        hashes.byUser.withLock { $0[user] = hash }
    }

    /// Adds or replaces `user` in the htpasswd `file` (written whole with `mode`, 0600 unless
    /// given, from its creation, then renamed; a missing folder is created 0700); the new hash.
    @discardableResult
    public static func set(
        user: String, password: String, in file: URL, cost: UInt8 = defaultCost, mode: UInt32 = 0o600
    ) throws -> String {
        guard !user.isEmpty, !user.contains(":"), !user.contains(where: \.isNewline) else {
            throw UserStoreError(.badUserName, "a user name must be non-empty without ':' or line breaks")
        }
        var lines: [String] = []
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix(user + ":") }
        }
        let hash = Bcrypt.hash(password, cost: cost)
        lines.append("\(user):\(hash)")
        try PrivateFiles.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: file.path, mode: mode)
        return hash
    }
}

/// A user file that cannot be read or written.
public struct UserStoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// The device-cookie key file does not hold a key.
        case badDeviceKey
        /// A user name is empty or holds `:` or a line break.
        case badUserName
    }

    /// What kind of problem.
    public var code: Code
    /// What went wrong, naming the file.
    public var message: String

    /// A problem of kind `code`, said in `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
