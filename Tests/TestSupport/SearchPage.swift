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
        /// The value each filter control shows (`q`, `event`, `from` …).
        public var controls: [String: String]?
    }

    /// The `edit` scenario: the page after Back, and after Forward again.
    public struct History: Decodable, Sendable {
        public var back: PageState
        public var forward: PageState
    }

    /// Drives the page in Chromium (off the cooperative pool: see `offThePool`).
    public static func page(_ fixture: SiteFixture, _ arguments: [String]) async throws -> PageState {
        try await run(fixture, arguments)
    }

    /// Runs the script with `arguments`; its JSON decoded as `T`.
    public static func run<T: Decodable>(_ fixture: SiteFixture, _ arguments: [String]) async throws -> T {
        try await run(base: fixture.out.absoluteString, arguments)
    }

    /// Runs the script on the site at `base` (a `file://` folder or an `http://` server).
    public static func run<T: Decodable>(base: String, _ arguments: [String]) async throws -> T {
        let run = try await offThePool {
            try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, base] + arguments)
        }
        guard run.status == 0 else { throw TestSupportError("search_page.py failed: \(run.stderr.suffix(1500))") }
        return try JSONDecoder().decode(T.self, from: Data(run.stdout.utf8))
    }
}
