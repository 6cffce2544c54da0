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
