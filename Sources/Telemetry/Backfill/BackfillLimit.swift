/// The per-batch row limit: whatever was asked, the batch size is clamped to 1...5000.
public struct BackfillLimit: Equatable, Sendable {
    /// The limits a batch may have; requests outside are clamped.
    public static let range = 1...5000
    /// The limit when none is asked for.
    public static let defaultValue = 1000

    /// What the caller asked for.
    public let requested: Int
    /// What a batch actually uses.
    public let used: Int

    /// The limit for a `requested` value, clamped to `range`.
    public init(requested: Int = BackfillLimit.defaultValue) {
        self.requested = requested
        self.used = min(max(requested, Self.range.lowerBound), Self.range.upperBound)
    }

    /// True when the request was outside the range and had to be clamped.
    public var wasClamped: Bool { requested != used }
}
