import Foundation
import SystemIO
import Testing

/// With the policy set, a large block freed does not raise the threshold: the next large block
/// is a mapping of its own (found in `/proc/self/maps`, which other tests' allocations meanwhile
/// cannot change), not a piece of a heap. Not under a sanitizer, whose allocator
/// replaces glibc's.
@Suite struct MemoryPolicyTests {
    static var sanitized: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["ASAN_OPTIONS"] != nil || environment["TSAN_OPTIONS"] != nil
    }

    /// The mapping of this process that holds `address`.
    static func mapping(holding address: UInt) throws -> Range<UInt>? {
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        for line in maps.split(separator: "\n") {
            let range = line.prefix { $0 != " " }.split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16)
            else { continue }
            if start <= address && address < end { return start..<end }
        }
        return nil
    }

    @Test(.enabled(if: !sanitized))
    func aLargeBlockIsAMappingOfItsOwnAfterALargerOneWasFreed() throws {
        #expect(MemoryPolicy.returnLargeBlocksWhenFreed())
        let count = 2 * Int(MemoryPolicy.ownMappingBytes)
        do {
            // Freed at the end of this scope: glibc's dynamic threshold would rise to its size.
            let larger = [UInt8](repeating: 1, count: 4 * count)
            #expect(larger.last == 1)
        }
        let block = [UInt8](repeating: 2, count: count)
        let address = block.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let mapping = try #require(try Self.mapping(holding: address))
        // A block mapped on its own starts its mapping (after glibc's chunk header and the
        // array's own, 32 bytes in all); a block in a heap lies after the heap's header (2 KiB
        // and more) and the heap's other blocks.
        #expect(address - mapping.lowerBound < 64, "the block at \(address) is in the heap at \(mapping)")
        #expect(mapping.count >= count && mapping.count < count + 2 * 4096)
        #expect(block.last == 2)
    }
}
