public import Foundation

/// The search page driven in Chromium by `Tests/e2e/search_page.py`: what it shows after a query.
public enum SearchPage {
    public static let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/search_page.py")

    public struct PageState: Decodable, Sendable {
        public var url: String
        public var status: String?
        public var caption: String?
        public var rows: [[String]]?
        public var options: [String: [String]]?
        public var links: [String]?
    }

    /// Drives the page in Chromium (off the cooperative pool: see `offThePool`).
    public static func page(_ fixture: SiteFixture, _ arguments: [String]) async throws -> PageState {
        let base = fixture.out.absoluteString
        let run = try await offThePool {
            try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, base] + arguments)
        }
        guard run.status == 0 else { throw TestSupportError("search_page.py failed: \(run.stderr.suffix(1500))") }
        return try JSONDecoder().decode(PageState.self, from: Data(run.stdout.utf8))
    }
}
