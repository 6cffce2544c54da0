import Foundation
import SystemIO

/// What `publish` knows of one target, kept in the state folder: the last change list it
/// received in full, the plan under way (and how many of its steps are done), and the recent
/// publishes.
struct PublishRecord: Codable, Sendable {
    /// The target as given to rsync.
    var target: String
    /// The site published to it.
    var site: String
    /// The last list the target received in full (nil: never published to).
    var seq: Int?
    /// The plan under way: an interrupted publish resumes it.
    var pending: Pending?
    /// The newest publishes, newest last (at most ``historyLimit``).
    var history: [Publish] = []

    static let historyLimit = 100

    struct Pending: Codable, Sendable {
        var plan: PublishPlan
        var done: Int
    }

    /// One finished publish.
    struct Publish: Codable, Sendable {
        var seq: Int
        var at: String
        var whole: Bool
        var sent: Int
        var deleted: Int
        var resumed: Bool
        var durationMs: Int

        enum CodingKeys: String, CodingKey {
            case seq, at, whole, sent, deleted, resumed
            case durationMs = "duration_ms"
        }
    }

    /// The record at `url`, nil when there is none.
    static func load(_ url: URL) throws -> PublishRecord? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(PublishRecord.self, from: data)
        } catch {
            throw PublishError(
                .badState, "\(url.path) is not a publish record (\(error)); remove it to publish the whole tree",
                underlying: error)
        }
    }

    /// Saves atomically (a publish killed while saving keeps the previous record).
    func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try PrivateFiles.write(Array(try encoder.encode(self)), to: url.path)
    }
}
