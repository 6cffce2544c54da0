internal import CLibPQ
import Foundation

/// One PostgreSQL connection, owned by one task at a time. It owns libpq's `PGconn`
/// and closes it in `deinit`; every libpq call of the project lives in this file.
///
/// Statements always take their values through `PQexecParams`; results are copied into
/// Swift values and the libpq result is freed before a call returns.
public final class Connection {
    private let handle: OpaquePointer
    private var savepointDepth = 0

    /// Where this connection points, as "host H port P database D" (never the password).
    public let target: String

    /// Opens a connection.
    /// - Parameter url: a libpq connection URI (`postgresql://…`) or keyword string
    ///   (`host=… dbname=…`). `nil` falls back to `DATABASE_URL`, then to libpq's own `PG*`
    ///   variables (an empty connection string).
    /// - Parameter connectTimeout: seconds to wait for the server to answer (libpq's
    ///   `connect_timeout`, overriding one in `url`); nil waits as libpq is configured.
    public init(url: String? = nil, connectTimeout: Int? = nil) throws {
        let conninfo = url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        let connected: OpaquePointer?
        if let connectTimeout {
            // `dbname` expands a URI or keyword string; the later keyword overrides it.
            // Both lists end with NULL; an empty connection string leaves everything to `PG*`.
            let keywords: [String?] = ["dbname", "connect_timeout", nil]
            let values: [String?] = [conninfo.isEmpty ? nil : conninfo, String(max(2, connectTimeout)), nil]
            connected = Connection.withCStrings(keywords) { _, names in
                Connection.withCStrings(values) { _, settings in PQconnectdbParams(names, settings, 1) }
            }
        } else {
            connected = PQconnectdb(conninfo)
        }
        guard let handle = connected else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        let target = Connection.describe(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
            PQfinish(handle)
            throw PostgresError(
                kind: .connectionFailed, message: "could not connect to \(target): \(message)")
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
        self.target = target
    }

    deinit { PQfinish(handle) }

    /// True while the connection is usable.
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with bound parameters and returns all of its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any SQLParameter] = []) throws -> QueryResult {
        let result = Connection.withCStrings(parameters.map(\.sqlText)) { count, values in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        guard let result else { throw connectionError(sql: sql) }
        try check(result, sql: sql)
        let columns = Connection.columns(of: result)
        let rowCount = Int(PQntuples(result))
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for index in 0..<rowCount {
            rows.append(Row(columns: columns, values: Connection.values(of: result, row: Int32(index))))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return QueryResult(columns: columns, rows: rows, affectedRows: affected)
    }

    /// Runs one or more statements without parameters (schema scripts, `BEGIN`, `COMMIT`).
    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs one statement and hands its rows to `body` one at a time (libpq single-row mode),
    /// so memory stays flat however many rows the statement returns. If `body` throws, the
    /// statement is cancelled and the error is rethrown.
    public func stream(
        _ sql: String, _ parameters: [any SQLParameter] = [], _ body: (Row) throws -> Void
    ) throws {
        let sent = Connection.withCStrings(parameters.map(\.sqlText)) { count, values in
            PQsendQueryParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionError(sql: sql) }
        PQsetSingleRowMode(handle)
        var columns: Columns?
        var failure: (any Error)?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_SINGLE_TUPLE {
                guard failure == nil else { continue }
                let names = columns ?? Connection.columns(of: result)
                columns = names
                do {
                    try body(Row(columns: names, values: Connection.values(of: result, row: 0)))
                } catch {
                    failure = error
                    cancel()
                }
            } else if status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK, failure == nil {
                failure = makeError(result, sql: sql)
            }
        }
        if let failure { throw failure }
    }

    /// Streams text-format `COPY … FROM STDIN` data: `produce` is called with a `write`
    /// function and writes lines (already in COPY text format, each ending in a newline).
    public func copyIn(_ sql: String, _ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
        guard let start = PQexec(handle, sql) else { throw connectionError(sql: sql) }
        let startStatus = PQresultStatus(start)
        if startStatus != PGRES_COPY_IN {
            defer { PQclear(start) }
            throw makeError(start, sql: sql)
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    PQputCopyData(handle, $0, Int32(bytes.count))
                }
            }
            buffer.removeAll(keepingCapacity: true)
            if sent != 1 { throw connectionError(sql: sql) }
        }
        var produceError: (any Error)?
        do {
            try produce { line in
                buffer.append(contentsOf: line.utf8)
                if buffer.count >= 1 << 16 { try flush() }
            }
            try flush()
        } catch {
            produceError = error
        }
        let endMessage: String? = produceError.map { "aborted by client: \($0)" }
        guard PQputCopyEnd(handle, endMessage) == 1 else { throw connectionError(sql: sql) }
        var failure: (any Error)? = produceError
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil {
                failure = makeError(result, sql: sql)
            }
        }
        if let failure { throw failure }
    }

    // MARK: - Savepoint names

    func nextSavepointName() -> String {
        savepointDepth += 1
        return "telemetry_site_sp_\(savepointDepth)"
    }

    func releaseSavepointName() { savepointDepth -= 1 }

    // MARK: - libpq plumbing

    private func cancel() {
        guard let token = PQgetCancel(handle) else { return }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(token, &message, Int32(message.count))
        PQfreeCancel(token)
    }

    private func check(_ result: OpaquePointer?, sql: String) throws {
        guard let result else { throw connectionError(sql: sql) }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return }
        throw makeError(result, sql: sql)
    }

    private func connectionError(sql: String?) -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
        return PostgresError(
            kind: isOpen ? .protocolViolation : .connectionLost,
            message: message.isEmpty ? "connection to \(target) lost" : message, query: sql)
    }

    private func makeError(_ result: OpaquePointer, sql: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        var message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        if message.isEmpty { message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines() }
        let lost = !isOpen || sqlState?.hasPrefix("08") == true || sqlState == "57P01"
        return PostgresError(
            kind: lost ? .connectionLost : (sqlState == nil ? .protocolViolation : .server),
            sqlState: sqlState, message: message, detail: field("D"), hint: field("H"), query: sql)
    }

    private static func describe(_ handle: OpaquePointer) -> String {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
            guard let pointer else { return nil }
            let value = String(cString: pointer)
            return value.isEmpty ? nil : value
        }
        let host = text(PQhost(handle)) ?? "(default)"
        let port = text(PQport(handle)) ?? "(default)"
        let database = text(PQdb(handle)) ?? "(default)"
        return "host \(host) port \(port) database \(database)"
    }

    private static func columns(of result: OpaquePointer) -> Columns {
        Columns((0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    private static func values(of result: OpaquePointer, row: Int32) -> [String?] {
        (0..<PQnfields(result)).map { column in
            PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
        }
    }

    private static func withCStrings<T>(
        _ texts: [String?], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> T
    ) -> T {
        let owned: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { owned.forEach { free($0) } }
        let borrowed: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
        return borrowed.withUnsafeBufferPointer { buffer in
            body(Int32(buffer.count), buffer.count == 0 ? nil : buffer.baseAddress)
        }
    }
}
