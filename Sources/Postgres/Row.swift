/// One result row, copied out of libpq at once. Values are in PostgreSQL's text format.
public struct Row: Sendable {
    /// The column names of the result this row belongs to (shared by every row).
    public let columns: Columns
    /// The values in column order; `nil` is SQL NULL.
    public let values: [String?]

    public init(columns: Columns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    public subscript(index: Int) -> String? { values[index] }

    /// The value of the named column; `nil` when NULL or when there is no such column.
    public subscript(name: String) -> String? {
        guard let index = columns.index(of: name) else { return nil }
        return values[index]
    }

    public func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }

    public func bool(_ name: String) -> Bool? { self[name].map { $0 == "t" } }
}

/// The column names of a result.
public final class Columns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    public func index(of name: String) -> Int? { positions[name] }
}

/// All rows of a finished statement, plus its command status.
public struct QueryResult: Sendable {
    public let columns: Columns
    public let rows: [Row]
    /// Rows affected, for INSERT/UPDATE/DELETE (libpq's `PQcmdTuples`).
    public let affectedRows: Int

    public var first: Row? { rows.first }
}
