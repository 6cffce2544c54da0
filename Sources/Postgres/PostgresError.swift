/// An error from PostgreSQL or from libpq, with every field the server sent.
///
/// `description` never includes the connection password: libpq does not put it in its
/// messages, and the connection target is described by host, port and database only.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this was. A closed set behind a struct so new kinds don't break callers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case connectionFailed, connectionLost, server, protocolViolation
        }
        private let base: Base
        /// The connection could not be opened.
        public static let connectionFailed = Kind(base: .connectionFailed)
        /// An open connection broke (the server went away, the backend was terminated).
        public static let connectionLost = Kind(base: .connectionLost)
        /// The server rejected a statement; `sqlState` says why.
        public static let server = Kind(base: .server)
        /// libpq answered something the wrapper did not expect.
        public static let protocolViolation = Kind(base: .protocolViolation)

        public var description: String {
            switch base {
            case .connectionFailed: "connection failed"
            case .connectionLost: "connection lost"
            case .server: "server error"
            case .protocolViolation: "protocol violation"
            }
        }
    }

    /// The kind of failure.
    public var kind: Kind
    /// The five-character SQLSTATE code, when the server sent one.
    public var sqlState: String?
    /// PostgreSQL's or libpq's message.
    public var message: String
    /// The server's DETAIL, when given.
    public var detail: String?
    /// The server's HINT, when given.
    public var hint: String?
    /// The statement that failed, when there was one (values are bound, never part of it).
    public var query: String?

    /// An error of `kind` (the server's SQLSTATE in `sqlState`, when it sent one).
    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil,
        hint: String? = nil, query: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.query = query
    }

    /// True when the failure is not about one row: lost connections, resource exhaustion,
    /// operator intervention, internal errors, permission and syntax errors, aborted
    /// transactions, serialization failures.
    public var isFatal: Bool {
        if kind != .server { return true }
        guard let state = sqlState, state.count == 5 else { return true }
        // Data, constraint, limit and PL/pgSQL errors are about the row being written;
        // these classes are about the connection, the server or the statement itself.
        let fatalClasses: Set<Substring> = ["08", "25", "40", "42", "53", "55", "57", "58", "XX", "F0"]
        return fatalClasses.contains(state.prefix(2))
    }

    /// True when the statement was cancelled for a conflict that running it again may not meet:
    /// a serialization failure (`40001`) or a deadlock (`40P01`). On a hot standby this is how a
    /// conflict with recovery arrives: replaying the primary's cleanup or locks cancels the queries
    /// in its way, at once when the standby is already `max_standby_streaming_delay` behind.
    public var isTransientConflict: Bool {
        kind == .server && (sqlState == "40001" || sqlState == "40P01")
    }

    public var description: String {
        var text = message.trimmingTrailingNewlines()
        if let sqlState { text = "\(text) (SQLSTATE \(sqlState))" }
        if let detail, !detail.isEmpty { text += "; detail: \(detail.trimmingTrailingNewlines())" }
        if let hint, !hint.isEmpty { text += "; hint: \(hint.trimmingTrailingNewlines())" }
        return text
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}
