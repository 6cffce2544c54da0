import Foundation
import SystemIO
import Testing

/// With the policy set, a large block freed does not raise the threshold: the next large blocks
/// that need new memory are mappings of their own, each starting a page (after glibc's chunk
/// header and the array's own), not pieces of a heap lying one after the other. (The page
/// offset, not the mapping in `/proc/self/maps`: the kernel merges neighbouring anonymous
/// mappings, other tests' included, into one line.) Not under a sanitizer, whose allocator
/// replaces glibc's.
@Suite struct MemoryPolicyTests {
    static var sanitized: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["ASAN_OPTIONS"] != nil || environment["TSAN_OPTIONS"] != nil
    }

    @Test(.enabled(if: !sanitized))
    func largeBlocksAreMappingsOfTheirOwnAfterALargerOneWasFreed() throws {
        #expect(MemoryPolicy.returnLargeBlocksWhenFreed())
        let count = 8 << 20
        do {
            // Freed at the end of this scope: glibc's dynamic threshold would rise to its size
            // (24 MiB: it rises no higher than 32).
            let larger = [UInt8](repeating: 1, count: 3 * count)
            #expect(larger.last == 1)
        }
        // Four blocks of whole pages. In a heap each would start 64 bytes (two headers) further
        // into its page than the one before, so at most one could start in a page's first 64.
        // With the policy a block still comes from the heap when a free piece of it is large
        // enough (the whole suite runs in this process), so three of four must be mappings.
        let blocks = (0..<4).map { [UInt8](repeating: UInt8($0), count: count) }
        let offsets = blocks.map { block in
            block.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) % 4096 }
        }
        #expect(offsets.filter { $0 < 64 }.count >= 3, "page offsets \(offsets)")
        #expect(blocks.map(\.last) == [0, 1, 2, 3])
    }
}
