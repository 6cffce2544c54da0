public import Foundation

/// A real object store on loopback for `publish --to rclone:…`, with the rclone remote that
/// reaches it configured entirely from `RCLONE_CONFIG_*` variables (no config file).
public protocol ObjectStore: AnyObject {
    /// The `--to` value.
    var target: String { get }
    /// The variables that configure the remote (and keep rclone off any user config).
    var environment: [String: String] { get }
    /// Whether the store keeps an MD5 of each object (S3 does; rclone's WebDAV server does not).
    var keepsHashes: Bool { get }
    func stop()
}

extension ObjectStore {
    /// The remote as a value a thread of its own can take.
    public var remote: StoreRemote {
        StoreRemote(target: target, environment: environment, keepsHashes: keepsHashes)
    }
}

/// How to reach a store with rclone: what `publish --to` takes and rclone's own view of it.
public struct StoreRemote: Sendable {
    public let target: String
    public let environment: [String: String]
    public let keepsHashes: Bool

    /// `REMOTE:path`, as rclone takes it.
    public var path: String { String(target.dropFirst("rclone:".count)) }

    /// Runs the real rclone with the remote configured, to its end (without `AWS_CA_BUNDLE`,
    /// which rclone 1.60's S3 backend refuses).
    public func rclone(_ arguments: [String]) throws -> ToolRun {
        try ToolRun.run(
            program: "/usr/bin/env", ["-u", "AWS_CA_BUNDLE", "rclone"] + arguments, environment: environment)
    }

    /// What `rclone check` says of the store against `site`: files alike, and any other line
    /// (by MD5 where the store keeps it, else by downloading every object).
    public func check(_ site: URL) throws -> StoreCheck {
        let run = try rclone(["check", site.path, path, "--combined", "-"] + (keepsHashes ? [] : ["--download"]))
        var check = StoreCheck(same: 0)
        for line in run.stdout.split(separator: "\n") {
            if line.hasPrefix("= ") { check.same += 1 } else { check.other.append(String(line)) }
        }
        return check
    }

    /// The objects under the target, by path.
    public func objects() throws -> [String] {
        try rclone(["lsf", "-R", "--files-only", path]).stdout.split(separator: "\n").map(String.init)
    }
}

/// `rclone check`'s verdict: how many files are alike, and every other line.
public struct StoreCheck: Equatable, Sendable {
    public var same: Int
    public var other: [String] = []

    public init(same: Int, other: [String] = []) {
        self.same = same
        self.other = other
    }
}

/// moto's standalone S3 server (`moto_server`, PyPI `moto[server]`), one bucket, `site`. Its
/// request log (one line per request, with the method and status) counts the uploads.
public final class MotoS3: ObjectStore {
    public let port: Int
    private let process: Spawned
    private let work: URL
    public let keepsHashes = true

    public var endpoint: String { "http://127.0.0.1:\(port)" }
    public var target: String { "rclone:moto:site/published" }
    public var environment: [String: String] {
        [
            "RCLONE_CONFIG": work.appendingPathComponent("rclone.conf").path,
            "RCLONE_CONFIG_MOTO_TYPE": "s3", "RCLONE_CONFIG_MOTO_PROVIDER": "Other",
            "RCLONE_CONFIG_MOTO_ENDPOINT": endpoint, "RCLONE_CONFIG_MOTO_REGION": "us-east-1",
            "RCLONE_CONFIG_MOTO_ACCESS_KEY_ID": "testing", "RCLONE_CONFIG_MOTO_SECRET_ACCESS_KEY": "testing",
            // As on the machines this runs on: rclone 1.60 refuses S3 with it set, unless handled.
            "AWS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
        ]
    }

    public init() throws {
        work = temporaryFolder("moto")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data().write(to: work.appendingPathComponent("rclone.conf"))
        port = try TestPorts.free()
        process = try Spawned(
            program: "/usr/bin/setsid", ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"],
            environment: ["PYTHONUNBUFFERED": "1"])
        guard try TestPorts.waitForListener(port) else {
            kill(-process.pid, SIGKILL)
            throw TestSupportError("moto_server did not start (pip install 'moto[server]')")
        }
        let bucket = try S3Probe.run(endpoint, ["mkbucket", "site"])
        guard bucket.status == 0 else { throw TestSupportError("could not make the bucket: \(bucket.stderr)") }
    }

    /// Completed uploads so far (`PUT` requests answered 200).
    public func uploads() -> Int {
        process.stderr.split(separator: "\n").filter { $0.contains("\"PUT /site/") && $0.contains("\" 200 ") }.count
    }

    /// Requests for one object's metadata (`HEAD /site/…`) in moto's log so far.
    public func heads() -> Int {
        process.stderr.split(separator: "\n").filter { $0.contains("\"HEAD /site/") }.count
    }

    /// Content-Type and Cache-Control of each key, as S3 serves them (boto3's `head_object`).
    public func headers(_ keys: [String]) throws -> [String: [String: String]] {
        try Self.headers(endpoint: endpoint, keys)
    }

    /// The same, for a thread of its own.
    public static func headers(endpoint: String, _ keys: [String]) throws -> [String: [String: String]] {
        let run = try S3Probe.run(endpoint, ["head", "site"] + keys.map { "published/" + $0 })
        guard run.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: String]]
        else { throw TestSupportError("head_object failed: \(run.stderr)") }
        return object
    }

    public func stop() {
        kill(-process.pid, SIGKILL)
        _ = process.wait()
        try? FileManager.default.removeItem(at: work)
    }
}

/// rclone's own WebDAV server (`rclone serve webdav`) over a local folder: a second real backend,
/// one that keeps no hashes and no modification times.
public final class RcloneWebDAV: ObjectStore {
    public let folder: URL
    public let port: Int
    private let process: Spawned
    private let work: URL
    public let keepsHashes = false

    public var target: String { "rclone:dav:published" }
    public var environment: [String: String] {
        [
            "RCLONE_CONFIG": work.appendingPathComponent("rclone.conf").path,
            "RCLONE_CONFIG_DAV_TYPE": "webdav", "RCLONE_CONFIG_DAV_URL": "http://127.0.0.1:\(port)",
            "RCLONE_CONFIG_DAV_VENDOR": "other",
        ]
    }

    public init() throws {
        work = temporaryFolder("webdav")
        folder = work.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: work.appendingPathComponent("rclone.conf"))
        port = try TestPorts.free()
        process = try Spawned(
            program: "/usr/bin/setsid",
            ["rclone", "serve", "webdav", folder.path, "--addr", "127.0.0.1:\(port)"],
            environment: ["RCLONE_CONFIG": work.appendingPathComponent("rclone.conf").path])
        guard try TestPorts.waitForListener(port) else {
            kill(-process.pid, SIGKILL)
            throw TestSupportError("rclone serve webdav did not start")
        }
    }

    /// The published site's folder on the server.
    public var published: URL { folder.appendingPathComponent("published") }

    public func stop() {
        kill(-process.pid, SIGKILL)
        _ = process.wait()
        try? FileManager.default.removeItem(at: work)
    }
}

/// `Tests/e2e/s3_probe.py`: boto3 against an S3 endpoint, an outside reader of what we stored.
enum S3Probe {
    static func run(_ endpoint: String, _ arguments: [String]) throws -> ToolRun {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("e2e/s3_probe.py")
        return try ToolRun.run(program: "/usr/bin/env", ["python3", script.path, endpoint] + arguments)
    }
}
