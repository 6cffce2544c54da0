/// One result row, copied out of libpq at once. Values are in PostgreSQL's text format.
public struct Row: Sendable {
    /// The column names of the result this row belongs to (shared by every row).
    public let columns: Columns
    /// The values in column order; `nil` is SQL NULL.
    public let values: [String?]

    /// A row of `values` (nil for NULL) under `columns`.
    public init(columns: Columns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The text of column `index`; nil for NULL.
    public subscript(index: Int) -> String? { values[index] }

    /// The value of the named column; `nil` when NULL or when there is no such column.
    public subscript(name: String) -> String? {
        guard let index = columns.index(of: name) else { return nil }
        return values[index]
    }

    /// Column `name` as an integer; nil for NULL or not a number.
    public func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }

    /// Column `name` as a boolean (`t`); nil for NULL.
    public func bool(_ name: String) -> Bool? { self[name].map { $0 == "t" } }
}

/// The column names of a result.
public final class Columns: Sendable {
    /// Column names in order.
    public let names: [String]
    private let positions: [String: Int]

    /// Columns named `names`, in that order.
    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    /// The position of column `name`.
    public func index(of name: String) -> Int? { positions[name] }
}

/// All rows of a finished statement, plus its command status.
public struct QueryResult: Sendable {
    /// The result's columns.
    public let columns: Columns
    /// Every row, in the order the server sent them.
    public let rows: [Row]
    /// Rows affected, for INSERT/UPDATE/DELETE (libpq's `PQcmdTuples`).
    public let affectedRows: Int

    /// The first row, if any.
    public var first: Row? { rows.first }
}
