/// Whether a build rendered everything or only what changed.
public enum BuildMode: String, Codable, Sendable, CustomStringConvertible {
    case full, incremental

    public var description: String { rawValue }
}

/// Why a build took its mode. Encoded as its description (`"--full"`, `"12 new rows"` …).
public enum BuildReason: Equatable, Sendable, Codable, CustomStringConvertible {
    /// `--full` was given.
    case forced
    /// No manifest of a previous build (or one of an older format).
    case noPreviousBuild
    /// The output folder holds no previous build.
    case outputHasNoBuild
    /// Templates or the tool itself changed.
    case inputsChanged
    /// Rows the previous build saw were deleted or rewritten.
    case rowsDeletedOrRewritten
    /// Only rows were added since the previous build.
    case newRows(Int)

    public var description: String {
        switch self {
        case .forced: "--full"
        case .noPreviousBuild: "no previous build"
        case .outputHasNoBuild: "output folder has no previous build"
        case .inputsChanged: "templates or tool changed"
        case .rowsDeletedOrRewritten: "rows were deleted or rewritten"
        case .newRows(let count): count == 1 ? "1 new row" : "\(count) new rows"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let fixed: [BuildReason] = [
            .forced, .noPreviousBuild, .outputHasNoBuild, .inputsChanged, .rowsDeletedOrRewritten,
        ]
        if let known = fixed.first(where: { $0.description == text }) {
            self = known
        } else if text.hasSuffix(" new rows"), let count = Int(text.dropLast(" new rows".count)) {
            self = .newRows(count)
        } else if text == "1 new row" {
            self = .newRows(1)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown reason \(text)"))
        }
    }
}
