public import Foundation

/// One build's change list, as stored: a folder with a description (`info.json`) and one file
/// per ``ChangeTier``. Lines of the written parts are `sha256<TAB>size<TAB>path`; lines of
/// removals are the path alone. Paths are relative to the site, `/`-separated.
public struct ChangeList: Sendable {
    /// What a list can say.
    public enum Kind: String, Codable, Sendable {
        /// The files an incremental build changed in place: exactly what differs from the site
        /// of the list before.
        case incremental
        /// A full build: every file of the new site (the removals are not listed).
        case full
        /// A build that died, or a list that could not hold a path: the site may differ from
        /// the site of the list before in any file.
        case torn
    }

    /// `info.json`.
    public struct Info: Codable, Sendable {
        /// The list's sequence number (one per build of the site, increasing).
        public var seq: Int
        /// What the list can say.
        public var kind: Kind
        /// When the build ended (ISO 8601).
        public var builtAt: String
        /// Files per part, by the part's name.
        public var files: [String: Int]

        enum CodingKeys: String, CodingKey {
            case seq, kind, files
            case builtAt = "built_at"
        }
    }

    /// One line of a list.
    public struct Entry: Sendable, Equatable {
        /// The file, relative to the site.
        public var path: String
        /// Hex SHA-256 of the bytes written (nil for removals).
        public var sha256: String?
        /// Bytes written (nil for removals).
        public var size: Int?
    }

    /// The list's sequence number.
    public var seq: Int
    /// What the list can say (a torn list has no usable parts).
    public var kind: Kind
    /// Its folder.
    public var folder: URL

    /// The lines of one part, in order.
    public func entries(_ tier: ChangeTier) throws -> [Entry] {
        let url = folder.appendingPathComponent(tier.fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        var entries: [Entry] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if tier == .removed {
                entries.append(Entry(path: String(decoding: line, as: UTF8.self)))
                continue
            }
            let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let size = Int(String(decoding: fields[1], as: UTF8.self)) else {
                throw ChangeLogError(.malformedLine, "\(url.path): a line is not sha256<TAB>size<TAB>path")
            }
            entries.append(
                Entry(
                    path: String(decoding: fields[2], as: UTF8.self),
                    sha256: String(decoding: fields[0], as: UTF8.self),
                    size: size))
        }
        return entries
    }
}

/// A change log that cannot be read or written.
public struct ChangeLogError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem: callers and tests switch on it instead of matching words.
    public enum Code: String, Sendable, CaseIterable {
        /// A line of a change list is not `sha256<TAB>size<TAB>path`.
        case malformedLine
    }

    /// What kind of problem.
    public var code: Code
    /// What went wrong, naming the file.
    public var message: String

    /// A problem of kind `code`, said in `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
