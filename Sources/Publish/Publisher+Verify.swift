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
        if case .rclone(let rclone) = try configuredTransport() { return try verify(rclone) }
        let rsync = try Rsync.locate()
        let outcome = try rsync.itemize(
            ["-rlpt", "--checksum", "--dry-run", "--delete"], source: site.path + "/", destination: target.destination)
        return VerifyReport(target: target.destination, differing: outcome.sent, extra: outcome.deleted)
    }

    /// `rclone check`: by the hash the remote keeps (MD5 on S3, GCS, Azure), or, where it keeps
    /// none, by downloading every object and comparing the bytes.
    private func verify(_ rclone: Rclone) throws -> VerifyReport {
        let download = try rclone.hashes(of: target.remoteName).isEmpty ? ["--download"] : []
        let (status, output) = try rclone.output(
            [
                "check", site.path, target.destination, "--combined", "-", "--skip-links", "--exclude", ".*",
                "--exclude", ".*/**",
            ] + download, allowed: [1])
        var report = VerifyReport(target: target.description, differing: [], extra: [])
        var errors: [String] = []
        for line in output.split(separator: "\n") where line.count > 2 && line.dropFirst().first == " " {
            let path = String(line.dropFirst(2))
            switch line.first {
            case "+", "*": report.differing.append(path)
            case "-": report.extra.append(path)
            case "!": errors.append(path)
            default: continue
            }
        }
        if status != 0 && report.matches || !errors.isEmpty {
            throw PublishError(
                .verifyFailed, "rclone check of \(target) could not compare: \(errors.prefix(8)) \(output.suffix(600))")
        }
        return report
    }
}
