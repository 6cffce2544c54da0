/// A signal's `event_type`: the known types as static members, any other text kept as it came
/// (webhooks send what they like; the site shows it).
public struct EventType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The text as stored.
    public let rawValue: String

    /// The type named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A trade opens.
    public static let entry = EventType(rawValue: "ENTRY")
    /// The maximum favourable excursion moved.
    public static let mfeUpdate = EventType(rawValue: "MFE_UPDATE")
    /// The stop moved to break-even.
    public static let beTriggered = EventType(rawValue: "BE_TRIGGERED")
    /// The trade closed at its stop loss.
    public static let exitSL = EventType(rawValue: "EXIT_SL")
    /// The trade closed at break-even.
    public static let exitBE = EventType(rawValue: "EXIT_BE")

    /// Whether this is an ENTRY, in any letter case.
    public var isEntry: Bool { normalized == Self.entry.rawValue }

    /// Whether this closes a trade (`EXIT…`, in any letter case).
    public var isExit: Bool { normalized.hasPrefix("EXIT") }

    public var description: String { rawValue }

    /// ASCII letters upper-cased (the sender's case is not meaningful).
    private var normalized: String { rawValue.uppercased() }
}

/// What is wrong with one row of a trade's life, seen in order.
public enum TradeFlag: Sendable, Equatable, CustomStringConvertible {
    /// An ENTRY after the trade's first.
    case secondEntry
    /// Any event after an EXIT.
    case eventAfterExit
    /// The MFE fell below the previous row's.
    case mfeWentDown

    public var description: String {
        switch self {
        case .secondEntry: "second ENTRY"
        case .eventAfterExit: "event after exit"
        case .mfeWentDown: "MFE went down"
        }
    }

    /// The flag of each row of one trade (oldest first): a second ENTRY, an event after an exit,
    /// the MFE going down (the first that applies); and whether an ENTRY was seen at all.
    public static func flags(of rows: [TelemetryRow]) -> (perRow: [TradeFlag?], sawEntry: Bool) {
        var perRow: [TradeFlag?] = []
        perRow.reserveCapacity(rows.count)
        var sawEntry = false
        var exited = false
        var lastMFE: Double?
        for row in rows {
            var flag: TradeFlag?
            let event = row.eventType
            if event?.isEntry == true {
                if sawEntry { flag = .secondEntry }
                sawEntry = true
            } else if exited {
                flag = .eventAfterExit
            }
            if let mfe = row.mfe.flatMap(Double.init) {
                if let last = lastMFE, mfe < last, flag == nil { flag = .mfeWentDown }
                lastMFE = mfe
            }
            if event?.isExit == true { exited = true }
            perRow.append(flag)
        }
        return (perRow, sawEntry)
    }
}
