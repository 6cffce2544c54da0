import Foundation

/// Finds the PostgreSQL server programs (`initdb`, `pg_ctl`) of the newest installed version.
enum PostgresBinaries {
    static func locate() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["PG_BINDIR"] {
            return URL(fileURLWithPath: explicit)
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let newest = versions.compactMap { Int($0) }.sorted().last
        guard let newest else {
            throw LocalPostgresError(
                .notInstalled,
                "no PostgreSQL server found under \(root); install it with: apt-get install -y postgresql")
        }
        return URL(fileURLWithPath: "\(root)/\(newest)/bin")
    }
}
