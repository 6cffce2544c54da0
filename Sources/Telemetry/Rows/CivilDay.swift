/// The calendar day of a timestamp as PostgreSQL prints it (`YYYY-MM-DD HH24:MI:SS`), numbered
/// in the proleptic Gregorian calendar PostgreSQL uses, so "89 days before" is the same day here.
public struct CivilDay: Sendable, Equatable, Hashable {
    /// `YYYY-MM-DD` (more digits for years past 9999).
    public let text: String
    /// Days since 1970-01-01.
    public let number: Int

    /// The day of `timestamp`; nil when it does not start with a readable `YYYY-MM-DD`.
    public init?(timestamp: String) {
        let date = timestamp.utf8.prefix { $0 != UInt8(ascii: " ") }
        let parts = date.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 3, let year = Self.digits(parts[0]), let month = Self.digits(parts[1]),
            let day = Self.digits(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        text = String(decoding: date, as: UTF8.self)
        number = Self.daysFromCivil(year: year, month: month, day: day)
    }

    /// Whether timestamp `a` is earlier than `b` (both as PostgreSQL prints them; a longer year
    /// is a later one).
    static func isEarlier(_ a: String, than b: String) -> Bool {
        let (left, right) = (a.utf8.count, b.utf8.count)
        return left != right ? left < right : a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func digits(_ bytes: Substring.UTF8View.SubSequence) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Howard Hinnant's `days_from_civil`.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
