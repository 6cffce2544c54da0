extension Connection {
    /// Takes the session-level advisory lock `key` if nobody holds it.
    /// - Returns: `false` when another session holds it.
    public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        try query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]).first?.bool("locked") ?? false
    }

    /// Releases a lock taken with `tryAdvisoryLock`.
    public func advisoryUnlock(_ key: Int64) throws {
        try query("SELECT pg_advisory_unlock($1::bigint)", [key])
    }

    /// Whether the table (or any relation) named `name` is visible on the search path.
    public func relationExists(_ name: String) throws -> Bool {
        try query("SELECT to_regclass($1) IS NOT NULL AS present", [name]).first?.bool("present") ?? false
    }
}
