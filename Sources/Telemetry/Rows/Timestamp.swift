/// A `timestamp` column read once: PostgreSQL's exact text (fractional seconds included, what
/// exports carry), the text pages show (`YYYY-MM-DD HH24:MI:SS`), and its calendar day.
public struct Timestamp: Sendable, Equatable {
    /// `received_at::text`, as PostgreSQL printed it.
    public let exact: String
    /// `to_char(received_at, 'YYYY-MM-DD HH24:MI:SS')`.
    public let text: String
    /// The calendar day; nil when the text is not a date this reader takes (a BC date, say).
    public let day: CivilDay?
    /// Seconds since 1970-01-01 00:00:00 of ``text`` (the day's start when its clock is not
    /// `HH:MM:SS`); nil without a day.
    public let seconds: Int?

    /// A timestamp from its two printed forms (`exact` defaults to `text`).
    public init(text: String, exact: String? = nil) {
        self.text = text
        self.exact = exact ?? text
        let day = CivilDay(timestamp: text)
        self.day = day
        seconds = day.map { $0.number * 86_400 + (Self.clockSeconds(text) ?? 0) }
    }

    /// The seconds into the day of `text`'s `HH:MM:SS` after its first space.
    private static func clockSeconds(_ text: String) -> Int? {
        let bytes = text.utf8
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let clock = bytes[bytes.index(after: space)...]
        guard clock.count == 8 else { return nil }
        var total = 0
        for (offset, byte) in clock.enumerated() {
            if offset == 2 || offset == 5 {
                guard byte == UInt8(ascii: ":") else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            total += digit * [36_000, 3_600, 0, 600, 60, 0, 10, 1][offset]
        }
        return total
    }

    /// `HH:MM:SS`; empty when the day could not be read.
    public var time: Substring {
        guard day != nil, let space = text.firstIndex(of: " ") else { return "" }
        return text[text.index(after: space)...]
    }
}
