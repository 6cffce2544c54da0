import Foundation
import Hashing
import SystemIO

/// OWASP's device cookies: a browser that has logged in as a user holds a signed cookie naming
/// that user, so its login attempts are throttled on a small budget of their own rather than
/// with everyone else's. An attacker holding any number of addresses can lock out unknown
/// clients of a user, never a browser the user has logged in with.
struct DeviceCookies: Sendable {
    /// The cookie's name.
    static let name = "ts_device"
    /// How long a device stays known after its last login (seconds).
    static let lifetime = 365 * 24 * 3600

    private let key: [UInt8]

    init(key: [UInt8]) {
        self.key = key
    }

    /// The signing key kept in `<state>/device.key` (created 0600, never replaced; removing it
    /// forgets every device).
    static func load(stateDirectory: URL) throws -> DeviceCookies {
        try PrivateFiles.createFolder(stateDirectory.path)
        let path = stateDirectory.appendingPathComponent("device.key").path
        if !FileIO.exists(path) {
            // Created exclusively: two servers starting at once end up with the same key.
            try? FileIO.write(Array((Session.randomToken() + "\n").utf8), to: path, existing: .refuse, mode: 0o600)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = Hashing.bytes(fromHex: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        else {
            throw UserStoreError(
                .badDeviceKey, "\(path) is not a device key (64 hex digits); remove it to make a new one")
        }
        return DeviceCookies(key: bytes)
    }

    /// A new cookie value for `user`: `<user hex>.<issued>.<device id>.<signature>`.
    func issue(user: String, now: Date = Date()) -> String {
        let body =
            "\(Hashing.hex(Array(user.utf8))).\(Int(now.timeIntervalSince1970)).\(Session.randomToken().prefix(32))"
        return body + "." + signature(body)
    }

    /// The device id in `value` when it is a cookie this server signed for `user` and has not
    /// expired; nil otherwise (no cookie, another user's, forged, expired).
    func device(in value: String?, user: String, now: Date = Date()) -> String? {
        guard let value, value.utf8.count <= 512 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == Hashing.hex(Array(user.utf8)), let issued = TimeInterval(parts[1]),
            now.timeIntervalSince1970 - issued < TimeInterval(Self.lifetime),
            Self.equal(signature(parts[0...2].joined(separator: ".")), parts[3])
        else { return nil }
        return parts[2]
    }

    private func signature(_ body: String) -> String {
        Hashing.hmacSHA256Hex(body, key: key, count: 16)
    }

    /// Compares in time independent of where they differ.
    private static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
