import Foundation

/// A webhook receiver on loopback (`Tests/e2e/webhook_receiver.py`): answers POSTs with a
/// scripted list of statuses and keeps what it received.
public final class WebhookReceiver {
    /// One POST received.
    public struct Post: Decodable, Sendable {
        public var path: String
        public var body: String
    }

    public let port: Int
    private let process: Spawned
    private let log: URL

    /// Starts a receiver answering with `statuses` in turn (the last repeats; "hang" never answers).
    public init(statuses: [String]) throws {
        let folder = temporaryFolder("webhook")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let portFile = folder.appendingPathComponent("port")
        log = folder.appendingPathComponent("posts.jsonl")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("e2e/webhook_receiver.py")
        process = try Spawned(
            program: "/usr/bin/env",
            ["python3", script.path, portFile.path, log.path, statuses.joined(separator: ",")])
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(25_000) }
        }
        guard let port else {
            kill(process.pid, SIGKILL)
            throw TestSupportError("the webhook receiver did not start: \(process.stderr)")
        }
        self.port = port
    }

    deinit {
        kill(process.pid, SIGKILL)
        _ = process.wait()
    }

    /// The POSTs received so far, in order.
    public var posts: [Post] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Post.self, from: Data($0.utf8)) }
    }
}
