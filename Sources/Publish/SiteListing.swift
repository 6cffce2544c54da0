/// The site's files, walked once per publish: the whole-tree steps each need them, and a
/// 1,000,000-row site holds millions of files.
final class SiteListing {
    private let walk: () throws -> [String]
    private var walked: [String]?

    init(_ walk: @escaping () throws -> [String]) {
        self.walk = walk
    }

    /// The files (relative paths), walked the first time they are asked for.
    func files() throws -> [String] {
        if let walked { return walked }
        let found = try walk()
        walked = found
        return found
    }
}
