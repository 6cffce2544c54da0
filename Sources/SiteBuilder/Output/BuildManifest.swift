import Foundation

/// What the last build made: enough to render only what changed next time.
struct BuildManifest: Codable, Equatable {
    static let formatVersion = 3

    var format = BuildManifest.formatVersion
    /// Digest of the templates, assets and tool version.
    var inputs: String
    var maxID: Int
    var rowCount: Int
    /// Headline numbers, chart series and error groups of rows `...maxID`.
    var tally: SiteTally

    static func load(from url: URL) -> BuildManifest? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(BuildManifest.self, from: data)
    }

    func save(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
