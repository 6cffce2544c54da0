import Foundation
import JSONKit
import Telemetry

extension ErrorGroups {
    /// What a field's value stands in for in a message: the row's own values are replaced by an
    /// ordinary value of their kind before the message is fingerprinted, so an unusual trade id
    /// (markup, quotes, emoji) falls into the same group as an ordinary one, and an ordinary id
    /// keeps the fingerprint it always had (`1_L_1` is an id to the character rules, as
    /// `20250905_1330_L_439` is).
    enum Stand: String {
        case id = "1_L_1"
        case time = "2000-01-01 00:00:00"
        case number = "0"

        /// Parts of a key name that make it a time field or a number field.
        private static let timeParts = ["time", "stamp", "date", "_at"].map { Array($0.utf8) }
        private static let numberParts = [
            "price", "entry", "stop", "sl", "tp", "target", "level", "mfe", "mae", "qty", "size",
        ].map { Array($0.utf8) }

        /// The kind a payload key names, or nil for a key whose value is not per-row. (Every
        /// payload key of every row with an error asks: names are compared as bytes, not through
        /// Foundation's `contains`, which took 2.5 % of a build's CPU here.)
        init?(key: String) {
            let lowered = key.lowercased()
            let name = Array(lowered.utf8)
            if lowered == "id" || lowered.hasSuffix("_id")
                || lowered.hasSuffix("id") && lowered.count > 2 && name.contains(0x5F)
            {
                self = .id
            } else if Self.timeParts.contains(where: { Self.occurs($0, in: name) }) {
                self = .time
            } else if Self.numberParts.contains(where: { Self.occurs($0, in: name) }) {
                self = .number
            } else {
                return nil
            }
        }

        /// Whether `part` occurs in `name`. (`firstRange(of:)` resolves to Foundation's generic
        /// `DataProtocol` search here, which put this back at 4 % of a build's CPU.)
        private static func occurs(_ part: [UInt8], in name: [UInt8]) -> Bool {
            guard let first = part.first, part.count <= name.count else { return false }
            var start = 0
            search: while start + part.count <= name.count {
                defer { start += 1 }
                guard name[start] == first else { continue }
                for offset in 1..<part.count where name[start + offset] != part[offset] { continue search }
                return true
            }
            return false
        }
    }

    /// The group of a row's validation error (nil for a row without one).
    static func fingerprint(of row: TelemetryRow) -> String? {
        row.validationError.map { fingerprint(withRowValues($0, of: row)) }
    }

    /// `message` with the row's trade id and the values of its payload's id, time and price
    /// fields replaced by their stand-ins, longest first, where they stand as whole tokens.
    /// A value the character rules already read as one number or one id is left alone, so
    /// ordinary messages keep the fingerprint they had before values were read by field.
    static func withRowValues(_ message: String, of row: TelemetryRow) -> String {
        var values: [(String, Stand)] = row.tradeID.map { [($0, .id)] } ?? []
        if case .object(let members)? = row.rawPayload?.value {
            for (key, value) in members {
                guard let stand = Stand(key: key) else { continue }
                switch value {
                case .string(let text), .number(let text): values.append((text, stand))
                default: continue
                }
            }
        }
        var out = message
        for (value, stand) in values.sorted(by: { $0.0.count > $1.0.count })
        where value.count >= 3 && !isOrdinary(value, stand) {
            out = replacingTokens(value, with: stand.rawValue, in: out)
        }
        return out
    }

    /// Whether the character rules already give `value` the fingerprint of a plain value.
    static func isOrdinary(_ value: String, _ stand: Stand) -> Bool {
        let printed = fingerprint(value)
        return printed == "N" || printed == "ID" || printed == fingerprint(stand.rawValue)
    }

    /// `text` with every occurrence of `value` that is not glued to a letter or digit replaced.
    static func replacingTokens(_ value: String, with stand: String, in text: String) -> String {
        guard text.contains(value) else { return text }
        var out = ""
        var rest = text[...]
        while let found = rest.range(of: value) {
            let before = found.lowerBound > rest.startIndex ? rest[rest.index(before: found.lowerBound)] : nil
            let after = found.upperBound < rest.endIndex ? rest[found.upperBound] : nil
            let glued = [before, after].contains { $0.map { $0.isLetter || $0.isNumber } ?? false }
            out += rest[..<found.lowerBound]
            out += glued ? String(rest[found]) : stand
            rest = rest[found.upperBound...]
        }
        return out + rest
    }
}
