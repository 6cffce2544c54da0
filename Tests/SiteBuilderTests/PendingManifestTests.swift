import Foundation
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// A build saves its manifest as pending before it publishes and renames it in after; a build
/// killed in between leaves it pending, and the next build installs it only when the site is the
/// one that manifest was saved with.
@Suite struct PendingManifestTests {
    @Test func aPendingManifestIsInstalledOnlyWithTheSiteItWasSavedWith() throws {
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 5, seed: 3))
        try fixture.build()
        let folder = fixture.state.appendingPathComponent("site")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".json") })
        let url = folder.appendingPathComponent(name)
        let pending = BuildManifest.pendingLocation(url)
        let saved = try #require(BuildManifest.load(from: url))
        #expect(saved.buildInfo == (try fixture.read("build.json")), "the manifest names its build.json")
        #expect(!FileManager.default.fileExists(atPath: pending.path), "a finished build leaves none pending")

        // Killed after its commit: the site's build.json is the one the pending manifest names.
        var committed = saved
        committed.maxID += 1000
        try committed.save(to: pending)
        #expect(try BuildManifest.settlePending(at: url, site: fixture.out))
        #expect(BuildManifest.load(from: url)?.maxID == saved.maxID + 1000)
        #expect(!FileManager.default.fileExists(atPath: pending.path))

        // Killed before its commit: the site is still the previous build's.
        var uncommitted = saved
        uncommitted.maxID = 1
        uncommitted.buildInfo = "{\n  \"built_at\" : \"another build\"\n}"
        try uncommitted.save(to: pending)
        #expect(try !BuildManifest.settlePending(at: url, site: fixture.out))
        #expect(BuildManifest.load(from: url)?.maxID == saved.maxID + 1000)
        #expect(!FileManager.default.fileExists(atPath: pending.path))
    }
}
