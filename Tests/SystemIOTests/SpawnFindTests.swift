import Foundation
import SystemIO
import TestSupport
import Testing

@Suite struct SpawnFindTests {
    @Test func theFirstExecutableOnThePathIsFoundAndRelativeFoldersAreSkipped() throws {
        let folder = temporaryFolder("spawn-find")
        let (first, second) = (folder.appendingPathComponent("a"), folder.appendingPathComponent("b"))
        for sub in [first, second] {
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let tool = sub.appendingPathComponent("tool")
            try Data("#!/bin/sh\n".utf8).write(to: tool)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        }
        #expect(Spawn.find("tool", path: "\(first.path):\(second.path)") == first.path + "/tool")
        #expect(Spawn.find("tool", path: "relative:\(second.path)") == second.path + "/tool")
        #expect(Spawn.find("no-such-tool", path: first.path) == nil)
        #expect(Spawn.find("sh", path: nil) != nil)
    }

}
