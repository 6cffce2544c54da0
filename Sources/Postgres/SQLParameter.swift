import Foundation

/// A value bound to a `$n` placeholder. Values travel in libpq's text format, separately from
/// the statement text, so no value is ever spliced into SQL.
public protocol SQLParameter: Sendable {
    /// The text form PostgreSQL parses for this value; `nil` is SQL NULL.
    var sqlText: String? { get }
}

extension String: SQLParameter {
    public var sqlText: String? { self }
}

extension Int: SQLParameter {
    public var sqlText: String? { String(self) }
}

extension Int64: SQLParameter {
    public var sqlText: String? { String(self) }
}

extension Int32: SQLParameter {
    public var sqlText: String? { String(self) }
}

extension Bool: SQLParameter {
    public var sqlText: String? { self ? "true" : "false" }
}

extension Double: SQLParameter {
    public var sqlText: String? { String(self) }
}

extension Optional: SQLParameter where Wrapped: SQLParameter {
    public var sqlText: String? { self?.sqlText }
}

extension Array: SQLParameter where Element == Int {
    /// An `int[]` literal such as `{1,2,3}`; bind it as `$1::int[]`.
    public var sqlText: String? { "{" + map(String.init).joined(separator: ",") + "}" }
}

/// A `text[]` parameter; bind it as `$1::text[]`.
public struct TextArray: SQLParameter {
    /// The elements, as text.
    public var values: [String]

    /// A text array of `values`.
    public init(_ values: [String]) { self.values = values }

    public var sqlText: String? {
        let quoted = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}
