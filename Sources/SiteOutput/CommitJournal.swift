import Foundation
import SystemIO

/// What an incremental build's commit does, saved in its scratch folder before the first
/// replacement is renamed into place.
///
/// The replacements are renamed one by one. A build killed among them leaves a site that is
/// partly the new build's (every link still resolves) while its manifest still names the
/// previous build; the next build would then append the same rows again to the search index's
/// chunks and days that were already renamed in. With the journal the next build first
/// finishes the renames the killed one began (rolls forward), so the site is wholly the killed
/// build's; the site builder then installs the manifest that build left pending (it names the
/// site's `build.json`).
struct CommitJournal: Codable {
    /// The journal's file name in the scratch folder.
    static let fileName = "commit.json"

    /// A page waiting in the scratch folder (`scratch`, a name in that folder) for `path`.
    struct Replacement: Codable {
        var scratch: String
        var path: String
    }

    var replacements: [Replacement]
    /// Relative paths removed once every replacement is in.
    var removals: [String]

    /// Saves the journal in `scratchFolder` (written whole beside it, then renamed in: a
    /// journal that is there is complete).
    func save(in scratchFolder: String) throws {
        try PrivateFiles.write(Array(try JSONEncoder().encode(self)), to: scratchFolder + "/" + Self.fileName)
    }

    /// The journal saved in `scratchFolder`, nil when there is none (the build was killed before
    /// its commit began, so nothing of it was renamed in).
    static func load(from scratchFolder: String) -> CommitJournal? {
        guard let data = FileManager.default.contents(atPath: scratchFolder + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(CommitJournal.self, from: data)
    }

    /// Renames every replacement still in `scratchFolder` into `root` (those already renamed
    /// are gone from it), then removes the removals.
    func apply(root: String, scratchFolder: String) throws {
        let paths = replacements.map(\.path) + removals
        guard replacements.allSatisfy({ !$0.scratch.contains("/") }),
            paths.allSatisfy({ !$0.isEmpty && !$0.split(separator: "/").contains("..") })
        else {
            throw SiteOutputError(.unreadableJournal, "the commit journal in \(scratchFolder) names a path outside")
        }
        for replacement in replacements {
            let scratch = scratchFolder + "/" + replacement.scratch
            if FileIO.exists(scratch) { try FileIO.rename(scratch, to: root + "/" + replacement.path) }
        }
        for path in removals { FileIO.removeFile(root + "/" + path) }
    }
}
