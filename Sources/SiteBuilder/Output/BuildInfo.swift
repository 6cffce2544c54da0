public import Foundation

/// `build.json` in the site: when and how the site was built (read by tools and the server).
struct BuildInfo: Codable, Equatable {
    var builtAt: String
    var mode: BuildMode
    var rows: Int
    var maxID: Int
    var pages: Int
    var tool: String

    enum CodingKeys: String, CodingKey {
        case builtAt = "built_at", mode, rows, maxID = "max_id", pages, tool
    }
}

/// When a built site was built, read back from its `build.json`.
public enum BuiltSite {
    /// `built_at` of the site in `folder`; nil when it has no readable `build.json`.
    public static func builtAt(_ folder: URL) -> Date? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("build.json").path),
            let info = try? JSONDecoder().decode(BuildInfo.self, from: data)
        else { return nil }
        return ISO8601DateFormatter().date(from: info.builtAt)
    }
}
