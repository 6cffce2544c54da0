import Foundation
import HummingbirdBcrypt

/// Users from an htpasswd file of bcrypt lines (`name:$2y$…`, as `htpasswd -B` writes them).
public struct UserStore: Sendable {
    private let hashes: [String: String]

    /// A hash nobody's password matches, checked for unknown users so that an unknown name and
    /// a wrong password take about the same time.
    private static let decoy = Bcrypt.hash("decoy-\(Session.randomToken())", cost: 10)

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
    }

    public var isEmpty: Bool { hashes.isEmpty }

    /// Whether `password` is `user`'s. Blocking (bcrypt): call it off the event loop.
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user], hash.hasPrefix("$2") else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return false
        }
        // htpasswd writes $2y$; the bcrypt of hummingbird-auth reads $2b$ (same algorithm).
        let normalized = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return Bcrypt.verify(password, hash: normalized)
    }

    /// Adds or replaces `user` in the htpasswd `file` (written whole, then renamed).
    public static func set(user: String, password: String, in file: URL, cost: UInt8 = 12) throws {
        guard !user.isEmpty, !user.contains(":"), !user.contains(where: \.isNewline) else {
            throw UserStoreError(message: "a user name must be non-empty without ':' or line breaks")
        }
        var lines: [String] = []
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix(user + ":") }
        }
        lines.append("\(user):\(Bcrypt.hash(password, cost: cost))")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file, options: .atomic)
        chmod(file.path, 0o600)
    }
}

public struct UserStoreError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
