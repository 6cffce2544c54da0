/// Where the rows of some trades can be: the ids of their rows an earlier build saw, and any id
/// above the newest id that build read. It lets a query find those trades' rows through the
/// primary key instead of reading every row's payload for its trade id.
public struct RowCandidates: Sendable, Equatable {
    /// Ids of rows the trades had up to `after`.
    public var ids: [Int]
    /// Every row with a larger id is a candidate too.
    public var after: Int

    /// Candidates: `ids`, and every id above `after`.
    public init(ids: [Int], after: Int) {
        self.ids = ids
        self.after = after
    }
}
