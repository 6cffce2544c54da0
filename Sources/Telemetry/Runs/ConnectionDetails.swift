import Foundation

/// Where the database is (host, port, socket, database name, role, URL) kept out of what is
/// published or answered: run pages, summaries, feeds and the API say what failed and not
/// where. The private run record and the server log keep the details.
public enum ConnectionDetails {
    /// libpq's and our own ways of naming a connection target, and what each becomes.
    private static let replacements: [(NSRegularExpression, String)] = [
        (#"postgres(?:ql)?://[^\s"']+"#, "the database URL"),
        (#"host \S+ port \S+ database \S+"#, "the database"),
        (
            #"connection to server at "[^"]*"(?: \([^)]*\))?, port [0-9]+ failed"#,
            "connection to the database server failed"
        ),
        (#"connection to server on socket "[^"]*" failed"#, "connection to the database server failed"),
        (#"could not translate host name "[^"]*" to address"#, "could not resolve the database host name"),
        (
            #"no pg_hba\.conf entry for host "[^"]*", user "[^"]*", database "[^"]*"[^\n]*"#,
            "no pg_hba.conf entry allows this client"
        ),
        (#"for user "[^"]*""#, "for the configured user"),
        (#"\b(database|role) "[^"]*" does not exist"#, "the configured $1 does not exist"),
        (#"\b(database|role|user) "[^"]*""#, "the configured $1"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// `text` with every connection target it names replaced by what failed in general words
    /// (`connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL: password
    /// authentication failed for user "etl"` becomes `connection to the database server failed:
    /// FATAL: password authentication failed for the configured user`).
    public static func scrub(_ text: String) -> String {
        var text = text
        for (pattern, template) in replacements {
            text = pattern.stringByReplacingMatches(
                in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
        }
        return text
    }
}

extension RunRecord {
    /// The run's error as pages and summaries show it: without connection details.
    public var publishedError: String? { error.map(ConnectionDetails.scrub) }
}

extension BackfillReport {
    /// The report as an HTTP answer gives it: its error without connection details.
    public func withoutConnectionDetails() -> BackfillReport {
        var report = self
        report.error = error.map(ConnectionDetails.scrub)
        return report
    }
}
