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

    /// Day `number` (days since 1970-01-01).
    public init(number: Int) {
        self.number = number
        let (year, month, day) = Self.civilFromDays(number)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The year, the month (1...12) and the day of the month (1...31).
    public var components: (year: Int, month: Int, day: Int) { Self.civilFromDays(number) }

    /// The month (1...12) and the day of the month (1...31).
    public var monthAndDay: (month: Int, day: Int) {
        let (_, month, day) = components
        return (month, day)
    }

    /// Whether this day is a Monday (1970-01-01 was a Thursday).
    public var isMonday: Bool { ((number % 7) + 7) % 7 == 4 }

    /// Whether timestamp `a` is earlier than `b` (both as PostgreSQL prints them; a longer year
    /// is a later one).
    public static func isEarlier(_ a: String, than b: String) -> Bool {
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

    /// Howard Hinnant's `civil_from_days`: year, month (1...12), day (1...31).
    private static func civilFromDays(_ number: Int) -> (Int, Int, Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
