import ArgumentParser
import Foundation
import Publish
import RunSummaries
import SystemIO

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Send what changed in the site since the last publish to a target, in upload-safe order.",
        discussion: """
            TARGET is a folder, rsync://host[:port]/module/path (an rsync daemon), [user@]host:path (rsync over ssh) or \
            rclone:REMOTE:path (object storage, WebDAV and the rest rclone speaks, through a remote configured with \
            rclone config or RCLONE_CONFIG_<REMOTE>_* variables). Each build lists the files it added, changed and \
            removed; publish sends the lists after the one the target last received with the real rsync or rclone \
            (--files-from): new files, then changed ones, then the index and feeds, then removals, so the target's \
            links resolve at every instant. The first publish to a target, and one after a full or interrupted build, \
            syncs the whole tree in that same order. An interrupted publish resumes. rclone uploads set Content-Type \
            and Cache-Control per file class.
            """)

    @Option(help: "The built site.")
    var out: String = "Site"

    @Option(name: .customLong("state-dir"), help: "Folder for run records and build state.")
    var stateDirectory: String = ".telemetry-site"

    @Option(
        name: .customLong("to"),
        help: "Where to publish: a folder, rsync://host/module/path, host:path or rclone:REMOTE:path.")
    var target: String

    @Flag(help: "Then compare the whole target with the site by checksum; exit 1 if they differ.")
    var verify = false

    @Flag(help: "Sync the whole tree (repairs a target changed by hand; with --checksum, by content).")
    var full = false

    @Flag(help: "With --full: compare file contents instead of size and time.")
    var checksum = false

    @Option(name: .customLong("bwlimit"), help: "Bandwidth limit in KiB/s (rsync's or rclone's --bwlimit).")
    var bandwidthLimit: Int?

    @Option(
        name: .customLong("page-max-age"),
        help: "rclone targets: Cache-Control max-age of pages and data files, in seconds.")
    var pageMaxAge: Int = UploadHeaders.defaultPageMaxAge

    @Option(
        help: ArgumentHelp(
            "Write the URL paths a CDN must purge to this file (one per line) and FILE.json; removed when none.",
            valueName: "file"))
    var invalidations: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        do {
            _ = try PublishTarget(target)
        } catch {
            throw ValidationError("\(error)")
        }
        if let bandwidthLimit, bandwidthLimit < 1 { throw ValidationError("--bwlimit must be at least 1 KiB/s") }
        if checksum && !full { throw ValidationError("--checksum applies to --full") }
        if pageMaxAge < 0 { throw ValidationError("--page-max-age must be 0 or more seconds") }
        if let invalidations, invalidations.isEmpty || invalidations.hasSuffix("/") {
            throw ValidationError("--invalidations takes a file path")
        }
        if let problem = PrivateFiles.problem(withFolder: stateDirectory) { throw ValidationError(problem) }
    }

    func run() throws {
        var publisher = Publisher(
            site: URL(fileURLWithPath: out, isDirectory: true),
            stateDirectory: URL(fileURLWithPath: stateDirectory, isDirectory: true), target: try PublishTarget(target))
        publisher.forceWhole = full
        publisher.checksum = checksum
        publisher.bandwidthLimit = bandwidthLimit
        publisher.pageMaxAge = pageMaxAge
        publisher.invalidations = invalidations.map { URL(fileURLWithPath: $0) }
        let report: PublishReport
        do {
            report = try publisher.publish()
        } catch {
            Console.error("error: publish failed: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        print(report)
        guard verify else { return }
        let verified = try publisher.verify()
        if json {
            Console.out(Self.encode(verified))
        } else if verified.matches {
            Console.out("verified: \(verified.target) holds exactly the site (compared by checksum)")
        } else {
            Console.out(
                "the target differs from the site: \(Count.of(verified.differing.count, "file")) "
                    + "\(verified.differing.count == 1 ? "differs or is" : "differ or are") missing, "
                    + "\(Count.text(verified.extra.count)) \(verified.extra.count == 1 ? "is" : "are") not in the site")
            for path in (verified.differing + verified.extra).prefix(20) { Console.out("  \(path)") }
            Console.out("repair it with: telemetry-site publish --full --checksum --to \(target)")
        }
        if !verified.matches { throw ExitCode(ExitStatus.failed) }
    }

    private func print(_ report: PublishReport) {
        if json { return Console.out(Self.encode(report)) }
        let how = report.whole ? "whole tree: \(report.reason ?? "asked")" : "change lists"
        let resumed = report.resumedAtStep.map { ", resumed at step \($0 + 1)" } ?? ""
        Console.out(
            "published to \(report.target): \(Count.of(report.sent, "file")) sent, \(Count.text(report.deleted)) removed (\(how)\(resumed)) "
                + "in \(report.durationMs) ms; the target has list \(report.seq)")
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
