public import Foundation
import Hashing
import SystemIO

/// The secret key of the redaction markers' HMAC: 32 random bytes in `<state>/redaction.key`
/// (mode 0600), created on first use and kept, so a secret gets the same marker in every build
/// while nobody without the file can test a guess against a marker.
public struct RedactionKey: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`: one is made per use).
    let bytes: [UInt8]

    /// A key from its bytes (tests).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The key kept in `stateDirectory`, created there (0600, never replaced) when missing.
    /// - Throws: when the folder cannot be written or the file is not a key.
    public static func load(stateDirectory: URL) throws -> RedactionKey {
        try PrivateFiles.createFolder(stateDirectory.path)
        let path = stateDirectory.appendingPathComponent("redaction.key").path
        if !FileManager.default.fileExists(atPath: path) {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hex = Hashing.hex(bytes) + "\n"
            // Created exclusively: when two builds race, the second reads the first one's key.
            try? FileIO.write(Array(hex.utf8), to: path, existing: .refuse, mode: 0o600)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RedactionRulesError(.unreadable, "cannot read the redaction key \(path)")
        }
        let bytes = Hashing.bytes(fromHex: text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? []
        guard bytes.count == 32 else {
            throw RedactionRulesError(
                .badKey, "\(path) is not a redaction key (64 hex digits); remove it to make a new one")
        }
        return RedactionKey(bytes: bytes)
    }

    /// The first 8 hex digits of HMAC-SHA256 of `value` under the key.
    func tag(_ value: String) -> String {
        Hashing.hmacSHA256Hex(value, key: bytes, count: 4)
    }

    /// SHA-256 of `text` in hex (rule digests).
    static func digestHex(_ text: String) -> String {
        Hashing.sha256Hex(text)
    }
}
