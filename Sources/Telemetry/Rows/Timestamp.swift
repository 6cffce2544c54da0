/// A `timestamp` column read once: PostgreSQL's exact text (fractional seconds included, what
/// exports carry), the text pages show (`YYYY-MM-DD HH24:MI:SS`), and its calendar day.
public struct Timestamp: Sendable, Equatable {
    /// `received_at::text`, as PostgreSQL printed it.
    public let exact: String
    /// `to_char(received_at, 'YYYY-MM-DD HH24:MI:SS')`.
    public let text: String
    /// The calendar day; nil when the text is not a date this reader takes (a BC date, say).
    public let day: CivilDay?

    /// A timestamp from its two printed forms (`exact` defaults to `text`).
    public init(text: String, exact: String? = nil) {
        self.text = text
        self.exact = exact ?? text
        day = CivilDay(timestamp: text)
    }

    /// `HH:MM:SS`; empty when the day could not be read.
    public var time: Substring {
        guard day != nil, let space = text.firstIndex(of: " ") else { return "" }
        return text[text.index(after: space)...]
    }
}
