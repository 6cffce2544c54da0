import Foundation
import Testing

@testable import SiteBuilder

@Suite struct FolderRemovalTests {
    @Test func removesATreeButNeverFollowsALink() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("removal-\(UUID().uuidString)")
        let tree = base.appendingPathComponent("site")
        let outside = base.appendingPathComponent("keep")
        let manager = FileManager.default
        for folder in ["a/b/c", "empty", "d"] {
            try manager.createDirectory(at: tree.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try manager.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: outside.appendingPathComponent("file"))
        for (index, path) in ["top.html", "a/one.md", "a/b/two", "a/b/c/three", "d/.hidden"].enumerated() {
            try Data(repeating: UInt8(index), count: index * 100).write(to: tree.appendingPathComponent(path))
        }
        try manager.createSymbolicLink(at: tree.appendingPathComponent("a/link"), withDestinationURL: outside)
        try manager.createSymbolicLink(
            at: tree.appendingPathComponent("dangling"), withDestinationURL: base.appendingPathComponent("nowhere"))
        // A name that is not UTF-8.
        let raw: [UInt8] = Array((tree.path + "/d/caf").utf8) + [0xE9, 0]
        let descriptor = raw.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)

        try FolderRemoval.remove(tree.path)
        #expect(!manager.fileExists(atPath: tree.path))
        #expect(try String(contentsOf: outside.appendingPathComponent("file"), encoding: .utf8) == "precious")
        try FolderRemoval.remove(tree.path)  // already gone: nothing to do
        try manager.removeItem(at: base)
    }
}
