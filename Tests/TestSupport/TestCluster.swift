import DemoData
import Foundation
public import LocalPostgres
public import Postgres
import Telemetry

/// One private PostgreSQL cluster per test process, started on first use and stopped at exit; its
/// files are in the process's scratch folder (`TestScratch`).
/// `TEST_DATABASE_URL` skips it: databases are then created on that server.
public enum TestCluster {
    private static let started: Result<LocalPostgres?, any Error> = Result {
        if ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil { return nil }
        let cluster = try LocalPostgres.start(in: TestScratch.root.appendingPathComponent("postgres"))
        // Registered after the scratch folder's removal, so it runs before it.
        atexit {
            if case .success(let cluster?) = TestCluster.started { cluster.stop() }
        }
        return cluster
    }

    /// A connection string for the server's maintenance database.
    public static func adminURL() throws -> String {
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] { return url }
        return try started.get()!.connectionString()
    }

    /// The running cluster (nil when `TEST_DATABASE_URL` points elsewhere).
    public static func cluster() throws -> LocalPostgres? { try started.get() }
}

/// A fresh, empty database for one test.
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    public init() throws {
        name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let admin = try Connection(url: try TestCluster.adminURL())
        try admin.execute("CREATE DATABASE \(name)")
        if let cluster = try TestCluster.cluster() {
            url = cluster.connectionString(database: name)
        } else {
            url = try TestCluster.adminURL() + " dbname=\(name)"
        }
    }

    public func connect() throws -> Connection { try Connection(url: url) }

    /// A database with both tables and `trades` seeded lifecycles.
    public static func seeded(trades: Int = 40, maxSignals: Int? = nil, seed: UInt64 = 7) throws -> TestDatabase {
        let database = try TestDatabase()
        _ = try Seeder(connection: try database.connect()).seed(
            .init(trades: trades, maxSignals: maxSignals, seed: seed))
        return database
    }

    public func count(_ sql: String, _ parameters: [any SQLParameter] = []) throws -> Int {
        try connect().query(sql, parameters).first?[0].flatMap { Int($0) } ?? -1
    }
}
