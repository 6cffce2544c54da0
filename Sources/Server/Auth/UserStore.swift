public import Foundation
import HummingbirdBcrypt
import SystemIO

/// Users from an htpasswd file of bcrypt lines (`name:$2y$…`, as `htpasswd -B` writes them).
public struct UserStore: Sendable {
    private let hashes: [String: String]
    /// A hash nobody's password matches, checked for unknown users so that an unknown name and
    /// a wrong password take the same time: made at the cost the file's entries use.
    private let decoy: String

    /// The bcrypt cost `user add` writes.
    public static let defaultCost: UInt8 = 12

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
        self.hashes = hashes
        decoy = Bcrypt.hash("decoy-\(Session.randomToken())", cost: Self.cost(of: hashes.values))
    }

    /// The cost of the decoy: the most common cost among `hashes` (`$2b$12$…`, bounded to
    /// 4…20), else the default.
    static func cost(of hashes: some Sequence<String>) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        for hash in hashes {
            let parts = hash.split(separator: "$")
            if parts.count >= 3, parts[0].hasPrefix("2"), let cost = UInt8(parts[1]) {
                counts[min(max(cost, 4), 20), default: 0] += 1
            }
        }
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? defaultCost
    }

    /// The cost unknown names are checked at.
    public var decoyCost: UInt8 { Self.cost(of: [decoy]) }

    /// Whether the file names no user (nobody can log in).
    public var isEmpty: Bool { hashes.isEmpty }

    /// Whether `password` is `user`'s. Blocking (bcrypt): call it off the event loop.
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user], hash.hasPrefix("$2") else {
            _ = Bcrypt.verify(password, hash: decoy)
            return false
        }
        // htpasswd writes $2y$; the bcrypt of hummingbird-auth reads $2b$ (same algorithm).
        let normalized = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return Bcrypt.verify(password, hash: normalized)
    }

    /// Adds or replaces `user` in the htpasswd `file` (written whole, 0600 from its creation,
    /// then renamed; a missing folder is created 0700).
    public static func set(user: String, password: String, in file: URL, cost: UInt8 = defaultCost) throws {
        guard !user.isEmpty, !user.contains(":"), !user.contains(where: \.isNewline) else {
            throw UserStoreError(message: "a user name must be non-empty without ':' or line breaks")
        }
        var lines: [String] = []
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix(user + ":") }
        }
        lines.append("\(user):\(Bcrypt.hash(password, cost: cost))")
        try PrivateFiles.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: file.path)
    }
}

/// A user file that cannot be read or written.
public struct UserStoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the file.
    public var message: String
    public var description: String { message }
}
