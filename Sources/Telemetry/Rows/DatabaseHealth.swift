import Postgres

/// Whether the database answers.
public enum DatabaseHealth {
    /// Connects (waiting at most `connectTimeout` seconds) and runs `SELECT 1`. Blocking.
    public static func check(url: String?, connectTimeout: Int) -> Bool {
        do {
            let connection = try Connection(url: url, connectTimeout: connectTimeout)
            try connection.query("SELECT 1")
            return true
        } catch {
            return false
        }
    }
}
