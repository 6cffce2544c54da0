import Foundation
import JSONKit
import SystemIO

/// The real `rclone`, run to its end with its JSON log (`--use-json-log`) written to a file of
/// ours: the log names every object a run copied or deleted, so a run cut short is resumed
/// without sending again what had arrived, and its final statistics give the counts.
struct Rclone: Sendable {
    /// The program.
    let program: String
    /// Options every run gets (`--bwlimit`, `--ca-cert`).
    var common: [String] = []
    /// The child's environment: ours, less `AWS_CA_BUNDLE` (see ``locate(environment:)``).
    var environment: [String: String]

    /// What one run's log says it did.
    struct Journal: Sendable {
        /// Objects copied (new or replacing one), by path.
        var copied: [String] = []
        /// Of those, the ones that replaced an object.
        var replaced: [String] = []
        /// Objects deleted, by path.
        var deleted: [String] = []
        /// The final statistics' transfer and delete counts (0 when the run did not end).
        var transfers = 0
        var deletes = 0
    }

    /// Finds `rclone` on the `PATH`. rclone 1.60's S3 backend refuses to start when
    /// `AWS_CA_BUNDLE` is set ("unable to load custom CA bundle, HTTPClient's transport
    /// unsupported type"), as it is on many machines: the bundle is handed to rclone as
    /// `--ca-cert` instead, which every HTTP backend honours, and the variable is left out.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Rclone {
        guard let program = Spawn.find("rclone", path: environment["PATH"]) else {
            throw PublishError(.missingTool, "rclone is not installed; install it with: apt-get install -y rclone")
        }
        var environment = environment
        var common: [String] = []
        if let bundle = environment.removeValue(forKey: "AWS_CA_BUNDLE"), !bundle.isEmpty,
            environment["RCLONE_CA_CERT"] == nil
        {
            common += ["--ca-cert", bundle]
        }
        return Rclone(program: program, common: common, environment: environment)
    }

    /// Runs `rclone arguments…` logging as JSON to `log` (appended to: each attempt of a step
    /// adds to the same journal); what the log holds afterwards. Any exit status but 0 is an
    /// error carrying rclone's own words.
    func run(_ arguments: [String], log: URL) throws -> Journal {
        let before = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? 0
        let result = try Spawn.run(
            [program] + arguments + common + [
                "--use-json-log", "--log-file", log.path, "--log-level", "INFO", "--stats", "1h",
                "--stats-log-level", "NOTICE",
            ], environment: environment)
        let journal = Self.journal(log, from: before)
        guard result.succeeded else {
            throw PublishError(
                .transferFailed, "rclone \(arguments.first ?? "") failed: " + Self.failure(result, log: log))
        }
        return journal
    }

    /// Runs `rclone arguments…` for its standard output (listings, `check`); `allowed` exit
    /// statuses besides 0 are not failures.
    func output(_ arguments: [String], allowed: Set<Int32> = []) throws -> (status: Int32, output: String) {
        let result = try Spawn.run(
            [program] + arguments + common + ["--log-level", "ERROR"], environment: environment)
        let status = (result.status >> 8) & 0xff
        guard result.succeeded || ((result.status & 0x7f) == 0 && allowed.contains(status)) else {
            let words = result.output.split(separator: "\n").suffix(8).joined(separator: "\n")
            throw PublishError(.transferFailed, "rclone \(arguments.first ?? "") failed (exit \(status)): \(words)")
        }
        return (status, result.output)
    }

    /// The hash types the remote keeps for its objects (empty: none, so only sizes and times,
    /// or the bytes themselves, can tell two files apart).
    func hashes(of remote: Substring) throws -> [String] {
        let features = try output(["backend", "features", "\(remote):"]).output
        guard case .object(let members) = try JSONParser.parse(features),
            case .array(let hashes) = members.first(where: { $0.0 == "Hashes" })?.1
        else { return [] }
        return hashes.compactMap { if case .string(let name) = $0 { name } else { nil } }
    }

    /// Everything rclone's JSON log at `url` says, from byte `offset` on (or from its start).
    static func journal(_ url: URL, from offset: Int = 0) -> Journal {
        var journal = Journal()
        guard let data = FileManager.default.contents(atPath: url.path), data.count > offset else { return journal }
        for line in data[(data.startIndex + offset)...].split(separator: UInt8(ascii: "\n")) {
            guard case .object(let members) = try? JSONParser.parse(String(decoding: line, as: UTF8.self)) else {
                continue
            }
            let message = string(members, "msg") ?? ""
            if let object = string(members, "object") {
                if message.hasPrefix("Copied") {
                    journal.copied.append(object)
                    if message.contains("replaced") { journal.replaced.append(object) }
                } else if message == "Deleted" {
                    journal.deleted.append(object)
                }
            } else if case .object(let stats) = members.first(where: { $0.0 == "stats" })?.1 {
                journal.transfers += Int(number(stats, "transfers"))
                journal.deletes += Int(number(stats, "deletes"))
            }
        }
        return journal
    }

    private static func string(_ members: [(String, JSONValue)], _ key: String) -> String? {
        if case .string(let text) = members.first(where: { $0.0 == key })?.1 { text } else { nil }
    }

    private static func number(_ members: [(String, JSONValue)], _ key: String) -> Double {
        if case .number(let digits) = members.first(where: { $0.0 == key })?.1 { Double(digits) ?? 0 } else { 0 }
    }

    /// rclone's own words for a failure: the errors of its log, else what it printed.
    private static func failure(_ result: Spawn.Outcome, log: URL) -> String {
        let text = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
        var errors: [String] = []
        for line in text.split(separator: "\n") {
            guard case .object(let members) = try? JSONParser.parse(String(line)),
                string(members, "level") == "error" || string(members, "level") == "critical"
            else { continue }
            errors.append(
                [string(members, "object"), string(members, "msg")].compactMap { $0 }.joined(separator: ": "))
        }
        let words = errors.isEmpty ? result.output.split(separator: "\n").map(String.init) : errors
        return "(exit \((result.status >> 8) & 0xff)) " + words.suffix(8).joined(separator: "\n")
    }
}
