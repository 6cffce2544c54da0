import Foundation
import SystemIO
import TestSupport
import Testing

@Suite struct FolderRemovalTests {
    @Test func removesATreeButNeverFollowsALink() throws {
        let base = temporaryFolder("removal")
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

    /// `readdir` records are as long as their names: a reader that copies the whole 256-byte
    /// `d_name` reads past a short record at the end of the buffer (AddressSanitizer reports it;
    /// without it, a crash one run in five on a large site). Thousands of one-byte names fill
    /// the buffers with the shortest records; the longest legal name sits among them.
    @Test func removesFoldersOfShortAndMaximalNames() throws {
        let tree = temporaryFolder("names")
        let manager = FileManager.default
        for folder in ["a", "b"] {
            let url = tree.appendingPathComponent(folder)
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
            for index in 0..<3000 {
                let name = String(index, radix: 36)
                try Data().write(
                    to: url.appendingPathComponent(
                        index % 1000 == 999 ? name + String(repeating: "x", count: 255 - name.count) : name))
            }
        }
        #expect(try manager.contentsOfDirectory(atPath: tree.appendingPathComponent("a").path).count == 3000)
        try FolderRemoval.remove(tree.path)
        #expect(!manager.fileExists(atPath: tree.path))
    }
}
