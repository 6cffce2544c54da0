import Foundation
import SiteOutput
import SystemIO

/// The steps that bring a target from the site it last received to the site now, in
/// upload-safe order (see ``ChangeTier``). Each step is one rsync run; a publish records each
/// step as it ends, so an interrupted one resumes at the step it was in.
public struct PublishPlan: Codable, Sendable, Equatable {
    /// One rsync run.
    public enum Step: Codable, Sendable, Equatable {
        /// Send the listed files (kept in the plan's folder, by name).
        case send(tier: Int, list: String, count: Int)
        /// Delete the listed files from the target (they are gone from the site).
        case remove(list: String, count: Int)
        /// The whole tree: files the target lacks, then the changed ones, then the front.
        case treeNew
        case treeChanged
        case treeFront
        /// The whole tree: delete what the site no longer has.
        case treeDelete
    }

    /// The list the target will have received once the plan is done.
    public var toSeq: Int
    /// Whether the plan syncs the whole tree (a first publish, a full or torn build, `--full`).
    public var whole: Bool
    /// The rsync runs, in order.
    public var steps: [Step]
    /// Why the plan syncs the whole tree (nil for a list-driven plan).
    public var reason: String?

    /// What a publish that did not finish may have left on the target, for the plan that
    /// replaces it: a whole-tree publish, anything; otherwise the paths its lists named (sent in
    /// part, or not yet removed).
    enum Unfinished: Equatable {
        case none
        case whole
        case paths(Set<String>)
    }

    /// The plan for a target that last received list `from` (nil: never published to), given
    /// the site's lists and what an unfinished publish may have left there; the lists' paths go
    /// into files in `folder`.
    static func make(
        from: Int?, lists: [ChangeList], lastSeq: Int, site: URL, folder: URL, forceWhole: Bool,
        unfinished: Unfinished = .none
    ) throws -> PublishPlan {
        let pending = lists.filter { $0.seq > (from ?? Int.max) }
        let reason: String? =
            if forceWhole { "--full" } else if unfinished == .whole {
                "a whole-tree publish that did not finish"
            } else if from == nil {
                "the first publish to this target"
            } else if let torn =
                pending.first(where: { $0.kind != .incremental })
            {
                torn.kind == .full
                    ? "a full build (list \(torn.seq))" : "a build that did not finish (list \(torn.seq))"
            } else if let from, from < lastSeq, (lists.first?.seq ?? Int.max) > from + 1 {
                "the lists after \(from) are gone"
            } else { nil }
        if let reason {
            return PublishPlan(
                toSeq: lastSeq, whole: true, steps: [.treeNew, .treeChanged, .treeFront, .treeDelete], reason: reason)
        }
        let mayHave: Set<String> = if case .paths(let paths) = unfinished { paths } else { [] }
        let merged = try merge(pending, site: site, mayHave: mayHave)
        try PrivateFiles.createFolder(folder.path)
        var steps: [Step] = []
        for (tier, paths) in merged.sorted(by: { $0.key < $1.key }) where !paths.isEmpty {
            let name = "\(tier.rawValue).list"
            var bytes: [UInt8] = []
            for path in paths {
                bytes.append(contentsOf: path.utf8)
                bytes.append(0)
            }
            try FileIO.write(Array(bytes), to: folder.appendingPathComponent(name).path, mode: 0o600)
            steps.append(
                tier == .removed
                    ? .remove(list: name, count: paths.count)
                    : .send(tier: tier.rawValue, list: name, count: paths.count))
        }
        return PublishPlan(toSeq: lastSeq, whole: false, steps: steps, reason: nil)
    }

    /// Every path the lists touch, in the part it goes in now: a path is new to the target when
    /// the first list that names it added it; it is sent when the site has it now, removed
    /// when the site no longer has it (unless the target never got it: new to it, and not named
    /// by an unfinished publish, `mayHave`, which may have sent it before it was killed).
    static func merge(_ lists: [ChangeList], site: URL, mayHave: Set<String> = []) throws -> [ChangeTier: [String]] {
        var first: [String: ChangeTier] = [:]
        var order: [String] = []
        for list in lists {
            for tier in ChangeTier.allCases {
                for entry in try list.entries(tier) where first[entry.path] == nil {
                    first[entry.path] = tier
                    order.append(entry.path)
                }
            }
        }
        var parts: [ChangeTier: [String]] = [:]
        for path in order {
            let isNew = first[path] == .added && !mayHave.contains(path)
            let present = FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path)
            let tier: ChangeTier? =
                present ? (ChangeTier.isFront(path) ? .front : isNew ? .added : .changed) : (isNew ? nil : .removed)
            if let tier { parts[tier, default: []].append(path) }
        }
        return parts
    }
}
