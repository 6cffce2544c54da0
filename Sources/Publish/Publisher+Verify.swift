import Foundation

/// How a target differs from the site.
public struct VerifyReport: Codable, Sendable {
    /// The target compared.
    public var target: String
    /// Files whose contents differ, or that the target lacks.
    public var differing: [String]
    /// Files the target has and the site does not.
    public var extra: [String]

    /// Whether the target holds exactly the site.
    public var matches: Bool { differing.isEmpty && extra.isEmpty }
}

extension Publisher {
    /// Compares the whole target with the site by checksum (rsync `--checksum --dry-run`:
    /// every file is read on both sides; nothing is changed).
    public func verify() throws -> VerifyReport {
        let rsync = try Rsync.locate()
        let outcome = try rsync.itemize(
            ["-rlpt", "--checksum", "--dry-run", "--delete"], source: site.path + "/", destination: target.destination)
        return VerifyReport(target: target.destination, differing: outcome.sent, extra: outcome.deleted)
    }
}
