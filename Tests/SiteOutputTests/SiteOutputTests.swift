import Foundation
import Hashing
import SiteOutput
import TestSupport
import Testing

/// The publishing order of `SiteOutput` on a real folder: what a reader sees before and after
/// `commit()`, for full (staged) and incremental builds. No database.
@Suite struct SiteOutputTests {
    let base = temporaryFolder("output")
    var site: URL { base.appendingPathComponent("Site") }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: site.appendingPathComponent(path).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// This process's open files under `folder` (other tests' files are elsewhere).
    func openFiles(under folder: URL) -> [String] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
        }
        .filter { $0.hasPrefix(folder.path + "/") }
    }

    /// A site as a finished full build leaves it.
    func publish(_ files: [String: String]) throws {
        let output = try SiteOutput(target: site, full: true)
        for (path, text) in files { try output.write(path, text) }
        try output.commit()
    }

    @Test func aFullBuildIsInvisibleUntilCommitThenReplacesTheWholeSite() throws {
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data().write(to: site.appendingPathComponent(".gitkeep"))
        try publish(["build.json": "{}", "index.html": "old", "telemetry/1.html": "one"])

        let output = try SiteOutput(target: site, full: true)
        try output.write("build.json", "{}")
        try output.write("index.html", "new")
        try output.write("telemetry/2.html", "two")
        #expect(read("index.html") == "old")
        #expect(read("telemetry/2.html") == nil)
        try output.commit()
        #expect(read("index.html") == "new")
        #expect(read("telemetry/2.html") == "two")
        #expect(read("telemetry/1.html") == nil, "a page the new build did not write is gone")
        #expect(read(".gitkeep") == "", "dotfiles the owner put at the top are kept")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0 != "Site" }
        #expect(leftovers.isEmpty, "no staging or old folder is left beside the site: \(leftovers)")
    }

    @Test func aFullBuildRefusesTwoPagesForOnePath() throws {
        let output = try SiteOutput(target: site, full: true)
        try output.write("trades/t.html", "first trade")
        let twice = #expect(throws: SiteOutputError.self) { try output.write("trades/t.html", "second trade") }
        #expect(twice?.code == .duplicatePath)
        output.abandon()
        #expect(!FileManager.default.fileExists(atPath: site.path), "nothing was published")
    }

    /// A full build's batches (created under the folder's lock, written after it): every file
    /// holds its bytes, the change list has each one's SHA-256 and size, and a batch that names
    /// one path twice fails with that path and leaves no file open.
    @Test func aFullBuildsBatchesAreWrittenListedAndRefuseADuplicate() throws {
        let state = base.appendingPathComponent("state")
        let log = ChangeLog(site: site, stateDirectory: state)
        let changes = try log.begin()
        let output = try SiteOutput(target: site, full: true, changes: changes)
        let pages = (1...40).map {
            ("telemetry/\($0).html", Array("page \($0) ".utf8) + Array(repeating: UInt8($0), count: $0 * 97))
        }
        try output.write(pages + [("trades/a.html", Array("trade".utf8)), ("index.html", Array("index".utf8))])
        #expect(output.writtenCount == 42)
        let twice = #expect(throws: SiteOutputError.self) {
            try output.write([
                ("trades/b.html", [1]), ("trades/c.html", [2]), ("trades/a.html", [3]), ("trades/d.html", [4]),
            ])
        }
        #expect(twice?.code == .duplicatePath)
        #expect(twice?.message.contains("written to trades/a.html;") == true, "\(twice?.message ?? "")")
        #expect(openFiles(under: base).isEmpty, "no file left open: \(openFiles(under: base))")
        try output.commit()
        try changes.finish(kind: .full, builtAt: "2026-12-07T00:00:00Z")
        for (path, bytes) in pages { #expect(read(path).map { Array($0.utf8) } == bytes, "\(path)") }
        let list = try #require(try log.lists().last)
        let added = try list.entries(.added)
        let byPath = Dictionary(uniqueKeysWithValues: added.map { ($0.path, $0) })
        for (path, bytes) in pages {
            #expect(byPath[path]?.sha256 == Hashing.sha256Hex(bytes), "\(path)")
            #expect(byPath[path]?.size == bytes.count, "\(path)")
        }
        #expect(try list.entries(.front).map(\.path) == ["index.html"])
    }

    @Test func anIncrementalBuildAddsNewPagesAtOnceAndReplacesAndRemovesOnlyAtCommit() throws {
        try publish(["build.json": "{}", "index.html": "links to 1", "telemetry/1.html": "one", "old.html": "x"])

        let output = try SiteOutput(target: site, full: false)
        try output.write("telemetry/2.html", "two")
        try output.write("index.html", "links to 1 and 2")
        try output.write("telemetry/1.html", "one")  // the same bytes: not rewritten
        try output.remove("old.html")
        // New pages are in (nothing links to them yet); what links to them waits.
        #expect(read("telemetry/2.html") == "two")
        #expect(read("index.html") == "links to 1")
        #expect(read("old.html") == "x")
        try output.commit()
        #expect(read("index.html") == "links to 1 and 2")
        #expect(read("old.html") == nil)
        #expect(Set(output.changed) == ["telemetry/2.html", "index.html", "old.html"])
        #expect(output.writtenCount == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0 != "Site" }
        #expect(leftovers.isEmpty, "the scratch folder is removed: \(leftovers)")
    }

    @Test func anAbandonedIncrementalBuildLeavesThePublishedPagesAsTheyWere() throws {
        try publish(["build.json": "{}", "index.html": "v1"])
        let output = try SiteOutput(target: site, full: false)
        try output.write("index.html", "v2")
        try output.write("new.html", "new")
        output.abandon()
        #expect(read("index.html") == "v1")
        #expect(read("new.html") == "new", "a new page stays: nothing links to it")
    }

    @Test func aFolderOfSomeoneElsesFilesIsNotTakenOver() throws {
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: site.appendingPathComponent("thesis.txt"))
        let foreign = #expect(throws: SiteOutputError.self) { try SiteOutput(target: site, full: true) }
        #expect(foreign?.code == .foreignFolder)
        #expect(read("thesis.txt") == "mine")
    }

    /// A commit stopped among its renames (here: the second replacement's path is a folder, so
    /// the rename fails, as a kill would stop it there) leaves its journal in the scratch folder;
    /// once that build's process is gone, the next build finishes the commit: the rest of the
    /// replacements go in, the removals happen, and the scratch folder goes.
    @Test func aCommitStoppedAmongItsRenamesIsFinishedByTheNextBuild() throws {
        try publish(["build.json": "{}", "a.html": "old a", "b.html": "old b", "c.html": "gone next"])
        let output = try SiteOutput(target: site, full: false)
        try output.write("a.html", "new a")
        try output.write("b.html", "new b")
        try output.remove("c.html")
        // b.html becomes a non-empty folder: renaming a file over it fails.
        let b = site.appendingPathComponent("b.html")
        try FileManager.default.removeItem(at: b)
        try FileManager.default.createDirectory(at: b.appendingPathComponent("x"), withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { try output.commit() }
        #expect(read("a.html") == "new a", "the first replacement went in")
        #expect(read("c.html") == "gone next", "removals wait for every replacement")
        // While the process that owns the scratch folder lives, nothing touches it.
        #expect(try SiteOutput.finishInterruptedCommit(of: site) == false)
        // Its process ends (the scratch folder now names a dead process); b.html is a file again.
        let ended = try Spawned(program: "/bin/true", [])
        #expect(ended.wait() == 0)
        let scratch = try #require(
            try FileManager.default.contentsOfDirectory(atPath: base.path).first { $0.hasPrefix(".Site.incoming-") })
        try FileManager.default.moveItem(
            at: base.appendingPathComponent(scratch), to: base.appendingPathComponent(".Site.incoming-\(ended.pid)"))
        try FileManager.default.removeItem(at: b)
        try Data("old b".utf8).write(to: b)

        #expect(try SiteOutput.finishInterruptedCommit(of: site))
        #expect(read("a.html") == "new a")
        #expect(read("b.html") == "new b")
        #expect(read("c.html") == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0 != "Site" }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // A scratch folder without a journal (killed before its commit began) is only removed.
        let unfinished = try SiteOutput(target: site, full: false)
        try unfinished.write("a.html", "newer a")
        let again = try #require(
            try FileManager.default.contentsOfDirectory(atPath: base.path).first { $0.hasPrefix(".Site.incoming-") })
        try FileManager.default.moveItem(
            at: base.appendingPathComponent(again), to: base.appendingPathComponent(".Site.incoming-\(ended.pid)"))
        #expect(try SiteOutput.finishInterruptedCommit(of: site) == false)
        #expect(read("a.html") == "new a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["Site"])
    }
}
