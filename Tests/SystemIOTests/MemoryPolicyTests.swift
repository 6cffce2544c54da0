import Foundation
import SystemIO
import Testing

/// With the policy set, a large block freed does not raise the threshold: the next large blocks
/// are mappings of their own, each starting a page (after glibc's chunk header and the array's
/// own), not pieces of a heap lying one after the other. (The page offset, not the mapping in
/// `/proc/self/maps`: the kernel merges neighbouring anonymous mappings, other tests' included,
/// into one line.) Not under a sanitizer, whose allocator replaces glibc's.
@Suite struct MemoryPolicyTests {
    static var sanitized: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["ASAN_OPTIONS"] != nil || environment["TSAN_OPTIONS"] != nil
    }

    @Test(.enabled(if: !sanitized))
    func largeBlocksAreMappingsOfTheirOwnAfterALargerOneWasFreed() throws {
        #expect(MemoryPolicy.returnLargeBlocksWhenFreed())
        let count = 2 * Int(MemoryPolicy.ownMappingBytes)
        do {
            // Freed at the end of this scope: glibc's dynamic threshold would rise to its size.
            let larger = [UInt8](repeating: 1, count: 4 * count)
            #expect(larger.last == 1)
        }
        // Three blocks of whole pages: in a heap each would start 64 bytes (two headers) further
        // into its page than the one before, so at most one could start in a page's first 64.
        let blocks = (0..<3).map { [UInt8](repeating: UInt8($0), count: count) }
        for block in blocks {
            let address = block.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            #expect(address % 4096 < 64, "the block at \(address) does not start a mapping")
        }
        #expect(blocks.map(\.last) == [0, 1, 2])
    }
}
