import Foundation
import SystemIO

/// The real `rsync`, run to its end with its itemized output read back.
struct Rsync: Sendable {
    /// The program.
    let program: String
    /// Options every run gets (`--bwlimit`, say). Every run also carries only the site: no
    /// dotfile or dot-folder at any depth (`--exclude=.*`, first among the filters, so no
    /// include lets one through) and no symbolic link (`--no-links`, after the `-l` of the
    /// arguments: a link to `/etc` is neither sent, nor compared by `--verify`).
    var common: [String] = []

    /// What one run did.
    struct Outcome: Sendable {
        /// Files sent (or, in a dry run, that would be).
        var sent: [String] = []
        /// Files deleted on the target (or that would be).
        var deleted: [String] = []
    }

    /// Finds `rsync` on the `PATH`.
    static func locate() throws -> Rsync {
        if let program = Spawn.find("rsync", path: ProcessInfo.processInfo.environment["PATH"]) {
            return Rsync(program: program)
        }
        throw PublishError(.missingTool, "rsync is not installed; install it with: apt-get install -y rsync")
    }

    /// Runs rsync with `arguments` (then the source and the destination) and counts what it did
    /// from `--stats` (a few lines, however many files: a whole tree of millions is one run);
    /// any exit status but 0 is an error carrying rsync's own words.
    func count(_ arguments: [String], source: String, destination: String) throws -> (sent: Int, deleted: Int) {
        let output = try run(["--stats"] + arguments, source: source, destination: destination)
        func number(_ label: String) -> Int {
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return 0 }
            let digits = line.dropFirst(label.count).prefix { $0.isNumber || $0 == "," }
            return Int(digits.filter(\.isNumber)) ?? 0
        }
        return (number("Number of regular files transferred: "), number("Number of deleted files: "))
    }

    /// Runs rsync and lists what it did (or, with `--dry-run`, would do) from
    /// `--itemize-changes`: the files sent and the files deleted on the target.
    func itemize(_ arguments: [String], source: String, destination: String) throws -> Outcome {
        let output = try run(["--itemize-changes"] + arguments, source: source, destination: destination)
        var outcome = Outcome()
        for line in output.split(separator: "\n") {
            if line.hasPrefix("*deleting ") {
                outcome.deleted.append(String(line.dropFirst(10)).trimmingCharacters(in: .whitespaces))
            } else if Self.isItem(line), line.count > 12, line.dropFirst().first == "f",
                line.first == "<" || line.first == ">"
            {
                outcome.sent.append(String(line.dropFirst(12)))
            }
        }
        return outcome
    }

    private func run(_ arguments: [String], source: String, destination: String) throws -> String {
        let argv =
            [program, "--protect-args"] + common + ["--exclude=.*"] + arguments + [
                "--no-links", "--", source, destination,
            ]
        let result = try Spawn.run(argv)
        guard result.succeeded else {
            let lines = result.output.split(separator: "\n").filter { !Self.isItem($0) }.suffix(8)
            throw PublishError(
                .transferFailed,
                "rsync to \(destination) failed (exit \((result.status >> 8) & 0xff)): "
                    + lines.joined(separator: "\n"))
        }
        return result.output
    }

    /// An `--itemize-changes` line: eleven change characters, a space, the name.
    private static func isItem(_ line: Substring) -> Bool {
        if line.hasPrefix("*deleting ") { return true }
        let bytes = Array(line.utf8.prefix(12))
        return bytes.count == 12 && bytes[11] == 0x20 && "<>ch.*".utf8.contains(bytes[0])
    }
}
