import CSystemIO

/// How the process's allocator hands memory back to the system.
public enum MemoryPolicy {
    /// The size from which a block is mapped on its own (`mallopt(3)`'s `M_MMAP_THRESHOLD`).
    public static let ownMappingBytes: Int32 = 1 << 20

    /// Maps every block of `ownMappingBytes` or more on its own, so that freeing it unmaps it.
    ///
    /// glibc's threshold starts at 128 KiB and rises to the size of each mapped block that is
    /// freed (up to 32 MiB); from then on, blocks up to that size come from the heap, whose pages
    /// stay with the process once freed unless the top of the heap is free. A build frees large
    /// buffers early (row batches, the trade ids' growing arrays), so its later large buffers
    /// stayed resident. Setting the threshold fixes it (no dynamic adjustment) and puts the
    /// heap's trim threshold back to its 128 KiB default. Returns whether the allocator took the
    /// setting (a sanitizer's allocator does not).
    @discardableResult
    public static func returnLargeBlocksWhenFreed() -> Bool {
        telemetry_site_set_mmap_threshold(ownMappingBytes) == 1
    }
}
