public import Foundation
import Hashing

/// Where `publish` sends the site: a local folder, an rsync daemon module
/// (`rsync://host[:port]/module/path`), a remote shell target (`[user@]host:path`), or an
/// rclone remote (`rclone:REMOTE:path`: object storage, WebDAV and the rest rclone speaks).
public struct PublishTarget: Sendable, CustomStringConvertible {
    /// The kinds of target rsync reaches.
    public enum Kind: Sendable, Equatable {
        case folder
        case daemon
        case remoteShell
        /// A remote the user configured for rclone (in its config file or `RCLONE_CONFIG_*`).
        case rclone
    }

    /// What the target is.
    public let kind: Kind
    /// The destination as rsync takes it, ending in `/`; for rclone, `REMOTE:path`.
    public let destination: String

    /// Parses `--to`; a value rsync would read as an option, or an empty one, is refused.
    public init(
        _ value: String, relativeTo directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws {
        guard !value.isEmpty, !value.hasPrefix("-"), !value.contains("\0"), !value.contains("\n") else {
            throw PublishError(
                .badTarget,
                "--to must be a folder, rsync://host/module/path or host:path, not \(value.debugDescription)")
        }
        let withSlash = value.hasSuffix("/") ? value : value + "/"
        if value.hasPrefix("rclone:") {
            kind = .rclone
            destination = try Self.rcloneRemote(String(value.dropFirst("rclone:".count)))
        } else if value.hasPrefix("rsync://") {
            let rest = value.dropFirst("rsync://".count)
            guard let slash = rest.firstIndex(of: "/"), rest[rest.index(after: slash)...].contains(where: { $0 != "/" })
            else {
                throw PublishError(
                    .badTarget, "an rsync daemon target needs a module: rsync://host/module[/path], not \(value)")
            }
            kind = .daemon
            destination = withSlash
        } else if let colon = value.firstIndex(of: ":"), !value[..<colon].contains("/") {
            guard !value[value.index(after: colon)...].hasPrefix(":") else {
                throw PublishError(.badTarget, "write an rsync daemon target as rsync://host/module/path, not \(value)")
            }
            kind = .remoteShell
            destination = withSlash
        } else {
            kind = .folder
            let url = URL(fileURLWithPath: value, relativeTo: directory).standardizedFileURL
            destination = url.path.hasSuffix("/") ? url.path : url.path + "/"
        }
    }

    public var description: String { kind == .rclone ? "rclone:" + destination : destination }

    /// A file name for this target's state (the same target always gets the same one).
    public var key: String {
        Hashing.sha256Hex(description, count: 12)
    }

    /// The remote's name (what comes before the first `:` of `REMOTE:path`).
    var remoteName: Substring { destination.prefix { $0 != ":" } }

    /// `REMOTE:path` checked: a named remote only. An on-the-fly remote (`:s3,key=…:`) or a
    /// connection string (`remote,key=value:`) would carry its options, credentials among them,
    /// on our command line, in the records and in the logs.
    private static func rcloneRemote(_ value: String) throws -> String {
        let name = value.prefix { $0 != ":" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.+@ ")
        guard name.endIndex < value.endIndex, !name.isEmpty, name.allSatisfy(allowed.contains),
            name.first != "-", name.first != " ", name.last != " "
        else {
            throw PublishError(
                .badTarget,
                "--to rclone: needs a configured remote, rclone:REMOTE:path (set it up with rclone config or "
                    + "RCLONE_CONFIG_<REMOTE>_* variables; an on-the-fly :backend,key=value: remote would put "
                    + "credentials on the command line), not \(value.debugDescription)")
        }
        let path = value[value.index(after: name.endIndex)...]
        guard !path.contains("\r"), !path.hasPrefix("-") else {
            throw PublishError(.badTarget, "the path of \(value.debugDescription) is not one rclone can take")
        }
        return value
    }
}

/// Why a publish could not be done, with what rsync said.
public struct PublishError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// `--to` is not a target this tool can publish to.
        case badTarget
        /// rsync or rclone is not installed.
        case missingTool
        /// The transfer (rsync or rclone) failed; `message` has its own words.
        case transferFailed
        /// The site folder holds no built site, or cannot be read.
        case noSite
        /// The target's record or a resumable plan is unreadable or missing.
        case badState
        /// A file name the transport cannot carry.
        case badFileName
        /// `--verify` could not compare the target with the site.
        case verifyFailed
        /// A step of the plan failed (see `underlying`); publishing again resumes there.
        case stepFailed
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// The error that caused it (rsync's failure, an unreadable record), when another error did.
    public var underlying: (any Error)?

    /// A failure of kind `code` described by `message`, caused by `underlying` when given.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
