import Foundation
import Postgres
import Testing

@testable import Telemetry

@Suite struct ReadOnlySourceTests {
    static let checksum = "SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) AS sum FROM automated_signals s"

    @Test func theSourceTableIsNeverChanged() throws {
        let database = try TestDatabase.seeded(trades: 30)
        let connection = try database.connect()
        let before = try connection.query(Self.checksum).first?["sum"]
        let harness = BackfillHarness(database)
        _ = harness.run(limit: 5000, all: true)
        _ = harness.run(limit: 7)
        #expect(try connection.query(Self.checksum).first?["sum"] == before)
    }

    @Test func aRoleThatCanOnlyReadTheSourceSucceeds() throws {
        let database = try TestDatabase.seeded(trades: 30)
        let connection = try database.connect()
        let role = "reader_\(database.name)"
        try connection.execute(
            """
            CREATE ROLE \(role) LOGIN PASSWORD 'reader-pw';
            GRANT SELECT ON automated_signals TO \(role);
            GRANT SELECT, INSERT ON telemetry_automated_signals_log TO \(role);
            GRANT USAGE ON SEQUENCE telemetry_automated_signals_log_id_seq TO \(role);
            """)
        let restricted = BackfillHarness(
            TestDatabase(
                name: database.name,
                url: database.url.replacingOccurrences(of: "user=postgres", with: "user=\(role)")
                    + " password=reader-pw"))
        let eligible = try database.count(BackfillEngineTests.eligibleSQL)
        let result = restricted.run(limit: 5000)
        #expect(result.report.success, "\(result.report.error ?? "")")
        #expect(result.report.inserted == eligible)
        #expect(try restricted.backfilledCount() == eligible)
    }
}
