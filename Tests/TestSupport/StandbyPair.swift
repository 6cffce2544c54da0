import DemoData
public import Foundation
public import LocalPostgres
import Postgres

/// A primary with a seeded database and a hot standby of it, both private to one test.
public struct StandbyPair: Sendable {
    public let folder: URL
    public let primary: LocalPostgres
    public let standby: LocalPostgres
    public let fixture: SiteFixture

    public var readURL: String { standby.connectionString(database: "telemetry") }

    /// Both servers, the primary first, as a libpq multi-host string that prefers a standby.
    public var multiHostReadURL: String {
        let password = standby.connectionString().split(separator: " ").first { $0.hasPrefix("password=") } ?? ""
        return "host=127.0.0.1,127.0.0.1 port=\(primary.port),\(standby.port) user=postgres dbname=telemetry "
            + "\(password) target_session_attrs=prefer-standby"
    }

    /// A pair whose standby holds back the replay of every commit by `delay` from its start,
    /// with `settings` in the standby's configuration besides.
    public init(delay: String = "0", settings: [String: String] = [:]) throws {
        folder = temporaryFolder("standby")
        primary = try LocalPostgres.start(in: folder.appendingPathComponent("primary"))
        try Connection(url: primary.connectionString()).execute("CREATE DATABASE telemetry")
        let database = TestDatabase(name: "telemetry", url: primary.connectionString(database: "telemetry"))
        _ = try Seeder(connection: try database.connect()).seed(.init(trades: 30, seed: 11))
        standby = try primary.startStandby(
            in: folder.appendingPathComponent("standby"),
            settings: settings.merging(["recovery_min_apply_delay": delay]) { $1 })
        fixture = try SiteFixture(database)
    }

    /// Changes the standby's replay delay (a reload: it takes effect soon, not at once).
    public func delayReplay(_ delay: String) throws {
        let connection = try Connection(url: standby.connectionString())
        try connection.execute("ALTER SYSTEM SET recovery_min_apply_delay = '\(delay)'")
        try connection.execute("SELECT pg_reload_conf()")
    }

    public func count(on url: String) throws -> Int {
        try TestDatabase(name: "telemetry", url: url).count("SELECT count(*) FROM telemetry_automated_signals_log")
    }

    public func stop() {
        standby.stop()
        primary.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
