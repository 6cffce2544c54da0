import Foundation
import Hashing
import SystemIO

/// Records one build's change list while the build writes: every file written (SHA-256 and
/// size) and removed, by part (``ChangeTier``). Lines wait in memory and go to the list's files
/// past 1 MiB, so a full build's list of millions of files costs no more memory than that.
///
/// The list lives in a folder named `<seq>.partial-<pid>` until ``finish(kind:)`` (after the
/// site is committed) renames it `<seq>`. A build that dies first leaves the partial folder;
/// the next build or publish marks it torn (see ``ChangeLog``): its site may have changed in
/// ways the list does not say, so a publish across it syncs the whole tree.
public final class ChangeRecorder: Sendable {
    /// The list's sequence number.
    public let seq: Int
    let log: ChangeLog
    let folder: URL
    private let state = Locked(State())
    private static let spillBytes = 1 << 20

    private struct State {
        var buffers: [[UInt8]] = Array(repeating: [], count: ChangeTier.allCases.count)
        var counts: [Int] = Array(repeating: 0, count: ChangeTier.allCases.count)
        /// A path no line can hold (a tab or line break): the list cannot be trusted.
        var unlistable = false
    }

    init(log: ChangeLog, seq: Int, folder: URL) {
        self.log = log
        self.seq = seq
        self.folder = folder
    }

    /// Files recorded so far, by part.
    public var counts: [ChangeTier: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: ChangeTier.allCases.map { ($0, state.counts[$0.rawValue - 1]) })
        }
    }

    /// Records `path` written with `bytes` in `tier`; `sha256Hex` is the bytes' SHA-256 in
    /// lowercase hex when the caller has it (nil: computed here).
    public func wrote(_ path: String, _ bytes: [UInt8], sha256Hex: String? = nil, tier: ChangeTier) throws {
        var line: [UInt8] = []
        line.reserveCapacity(80 + path.utf8.count)
        if let sha256Hex {
            precondition(sha256Hex.utf8.count == 64, "a SHA-256 in hex has 64 digits")
            line += sha256Hex.utf8
        } else {
            Hashing.appendSHA256Hex(of: bytes, to: &line)
        }
        line.append(0x09)
        line.append(contentsOf: String(bytes.count).utf8)
        line.append(0x09)
        try append(line, path: path, tier: tier)
    }

    /// Records the removal of `path`.
    public func removed(_ path: String) throws {
        try append([], path: path, tier: .removed)
    }

    private func append(_ prefix: [UInt8], path: String, tier: ChangeTier) throws {
        let listable = !path.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0 })
        let spill: [UInt8]? = state.withLock { state in
            let index = tier.rawValue - 1
            state.counts[index] += 1
            guard listable else {
                state.unlistable = true
                return nil
            }
            state.buffers[index].append(contentsOf: prefix)
            state.buffers[index].append(contentsOf: path.utf8)
            state.buffers[index].append(0x0A)
            guard state.buffers[index].count >= Self.spillBytes else { return nil }
            defer { state.buffers[index].removeAll(keepingCapacity: true) }
            return state.buffers[index]
        }
        if let spill { try appendToFile(spill, tier: tier) }
    }

    private func appendToFile(_ bytes: [UInt8], tier: ChangeTier) throws {
        // One writer per part at a time: the lock of the part's file.
        try fileLocks[tier.rawValue - 1].withLock {
            try FileIO.append(bytes, to: folder.appendingPathComponent(tier.fileName).path, mode: 0o600)
        }
    }

    private let fileLocks = (0..<ChangeTier.allCases.count).map { _ in Lock() }

    /// Writes what is left, the list's description, and makes the list complete. Called once
    /// the site is committed.
    public func finish(kind: ChangeList.Kind, builtAt: String) throws {
        let (buffers, counts, unlistable) = state.withLock { ($0.buffers, $0.counts, $0.unlistable) }
        for tier in ChangeTier.allCases {
            try appendToFile(buffers[tier.rawValue - 1], tier: tier)
        }
        let info = ChangeList.Info(
            seq: seq, kind: unlistable ? .torn : kind, builtAt: builtAt,
            files: Dictionary(uniqueKeysWithValues: ChangeTier.allCases.map { ("\($0)", counts[$0.rawValue - 1]) }))
        try log.complete(self, info: info)
    }

    /// A build that failed: a full build changed nothing (its list goes); an incremental
    /// build's new pages stay in the site, so its list is kept as torn.
    public func abandon(siteChanged: Bool) {
        log.drop(self, keepAsTorn: siteChanged)
    }
}
