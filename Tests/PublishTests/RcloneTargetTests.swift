import Foundation
import Testing

@testable import Publish

/// The parts of an rclone publish that need no store: which targets are taken, the headers of
/// each class of file, the purge paths, and what rclone's environment becomes.
@Suite struct RcloneTargetTests {
    @Test func aNamedRemoteIsTakenAndOneCarryingOptionsIsRefused() throws {
        let target = try PublishTarget("rclone:reports:my-bucket/telemetry")
        #expect(target.kind == .rclone)
        #expect(target.destination == "reports:my-bucket/telemetry")
        #expect(target.remoteName == "reports")
        #expect(target.description == "rclone:reports:my-bucket/telemetry")
        #expect(target.key != (try PublishTarget("reports:my-bucket/telemetry")).key, "not the ssh target")
        for refused in [
            "rclone::s3,secret_access_key=abc:bucket", "rclone:reports,secret_access_key=abc:bucket",
            "rclone:reports", "rclone:", "rclone:-x:bucket", "rclone:reports:-path", "rclone:a/b:path",
        ] {
            let error = #expect(throws: PublishError.self, "\(refused)") { try PublishTarget(refused) }
            #expect(error?.code == .badTarget)
        }
    }

    @Test func eachClassOfFileGetsItsHeaders() {
        let cases: [(String, String, String)] = [
            ("index.html", "text/html; charset=utf-8", "no-cache"),
            ("list/index.html", "text/html; charset=utf-8", "public, max-age=60"),
            ("telemetry/7.md", "text/markdown; charset=utf-8", "public, max-age=60"),
            ("build.json", "application/json", "no-cache"),
            ("exports/index.json", "application/json", "no-cache"),
            ("exports/2025-09-01.ndjson", "application/x-ndjson", "public, max-age=60"),
            ("exports/2025-09-01.csv", "text/csv; charset=utf-8", "public, max-age=60"),
            ("feeds/errors.atom", "application/atom+xml", "no-cache"),
            ("search/meta.js", "text/javascript; charset=utf-8", "no-cache"),
            ("search/rows/2025-09-01/0.js", "text/javascript; charset=utf-8", "public, max-age=60"),
            ("assets/style.745add0615827309.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
            ("assets/style.css", "text/css; charset=utf-8", "public, max-age=60"),
            // A trade's name ends in a hash of its id, not of its bytes: it changes in place.
            ("trades/x-0123456789abcdef0123456789abcdef.html", "text/html; charset=utf-8", "public, max-age=60"),
            ("assets/logo.0123456789ABCDEF.svg", "image/svg+xml", "public, max-age=60"),
            // The search parts: leaves and lists are named by their bytes; their index is an entry point.
            (
                "search/parts/0123456789abcdef.js",
                "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"
            ),
            ("search/parts/index.js", "text/javascript; charset=utf-8", "no-cache"),
            ("search/parts/m/0123456789abcdef.js", "text/javascript; charset=utf-8", "public, max-age=60"),
            ("search/parts/0123456789ABCDEF.js", "text/javascript; charset=utf-8", "public, max-age=60"),
            ("README", "application/octet-stream", "public, max-age=60"),
        ]
        for (path, type, cache) in cases {
            let headers = UploadHeaders(path: path, pageMaxAge: 60)
            #expect(headers.contentType == type, "\(path)")
            #expect(headers.cacheControl == cache, "\(path)")
        }
    }

    @Test func purgePathsNameFoldersAndTheFrontOnlyWhenSomethingChanged() {
        let front = ["index.html", "index.md", "build.json", "feeds/runs.atom"]
        #expect(Invalidations.paths(for: [String](), front: front) == [])
        let paths = Invalidations.paths(for: ["list/index.html", "trades/a b#?.html"], front: front)
        #expect(
            paths == [
                "/", "/build.json", "/feeds/runs.atom", "/index.html", "/index.md", "/list/", "/list/index.html",
                "/trades/a%20b%23%3F.html",
            ])
    }

    /// rclone 1.60 refuses S3 with `AWS_CA_BUNDLE` set: the bundle becomes `--ca-cert` and the
    /// variable is left out of rclone's environment (unless `RCLONE_CA_CERT` says otherwise).
    @Test func theAWSBundleBecomesRclonesCACert() throws {
        let path = "/usr/bin:/bin"
        let rclone = try Rclone.locate(environment: ["PATH": path, "AWS_CA_BUNDLE": "/etc/ssl/bundle.pem"])
        #expect(rclone.common == ["--ca-cert", "/etc/ssl/bundle.pem"])
        #expect(rclone.environment["AWS_CA_BUNDLE"] == nil)
        let own = try Rclone.locate(
            environment: ["PATH": path, "AWS_CA_BUNDLE": "/a.pem", "RCLONE_CA_CERT": "/b.pem"])
        #expect(own.common == [])
        #expect(own.environment["RCLONE_CA_CERT"] == "/b.pem")
        let missing = #expect(throws: PublishError.self) { try Rclone.locate(environment: ["PATH": "/nonexistent"]) }
        #expect(missing?.code == .missingTool)
    }
}
