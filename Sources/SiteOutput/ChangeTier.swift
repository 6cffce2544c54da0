/// The parts of a change list, in upload-safe order: a target that receives them in this order
/// keeps every link of its site resolving at every instant.
///
/// 1. files the site did not have: nothing already published links to them yet;
/// 2. files that replace published ones (they add the links to the new files);
/// 3. the front of the site (the index, its Markdown twin, `build.json`, the feeds), last of
///    the replacements, so the entry points change once everything they lead to is there;
/// 4. removals, once nothing links to the removed files any more.
public enum ChangeTier: Int, CaseIterable, Sendable, Comparable {
    case added = 1
    case changed = 2
    case front = 3
    case removed = 4

    /// The file of a change list holding this part.
    public var fileName: String {
        switch self {
        case .added: "1-added.tsv"
        case .changed: "2-changed.tsv"
        case .front: "3-front.tsv"
        case .removed: "4-removed.tsv"
        }
    }

    /// Whether `path` is part of the front of the site.
    public static func isFront(_ path: String) -> Bool {
        path == "index.html" || path == "index.md" || path == "build.json" || path.hasPrefix("feeds/")
    }

    /// The part a written file belongs to: front files always go last; others by whether the
    /// site already had them.
    public static func written(_ path: String, existed: Bool) -> ChangeTier {
        isFront(path) ? .front : existed ? .changed : .added
    }

    /// Upload order.
    public static func < (left: ChangeTier, right: ChangeTier) -> Bool { left.rawValue < right.rawValue }
}
