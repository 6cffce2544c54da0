import ArgumentParser
import Foundation

extension DemoDatabase {
    /// psql on the demo database, on this terminal; returns when it exits (its status passed on).
    static func shell(url: String) throws {
        guard let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first(where: FileManager.default.isExecutableFile)
        else {
            throw ValidationError("psql is not installed: apt-get install -y postgresql-client")
        }
        Console.out("psql on the demo database (\\q quits and stops the private PostgreSQL) …")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = [url]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }

    /// Prints the demo database's URL and keeps the cluster up until Enter or end of input.
    static func hold(url: String) {
        Console.out("export DATABASE_URL='\(url)'")
        Console.out("the demo database is up; press Enter (or end the input) to stop it")
        _ = readLine()
    }
}
