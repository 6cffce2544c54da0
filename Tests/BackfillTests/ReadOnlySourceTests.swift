import Foundation
import Postgres
import TestSupport
import Testing

@testable import Telemetry

@Suite struct ReadOnlySourceTests {
    static let checksum = "SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) AS sum FROM automated_signals s"

    @Test(arguments: [1, 4]) func theSourceTableIsNeverChanged(jobs: Int) throws {
        let database = try TestDatabase.seeded(trades: 30)
        let connection = try database.connect()
        let before = try connection.query(Self.checksum).first?["sum"]
        let harness = BackfillHarness(database)
        _ = harness.run(limit: 13, all: true, jobs: jobs)
        _ = harness.run(limit: 7, jobs: jobs)
        #expect(try connection.query(Self.checksum).first?["sum"] == before)
    }

    /// Every worker connects as the restricted role: SELECT on the source and INSERT on the log
    /// are still enough (the workers need no temporary table).
    @Test(arguments: [1, 4]) func aRoleThatCanOnlyReadTheSourceSucceeds(jobs: Int) throws {
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
        let eligible = try database.count(BackfillOracle.eligibleSQL)
        let result = restricted.run(limit: 11, all: true, jobs: jobs)
        #expect(result.report.success, "\(result.report.error ?? "")")
        #expect(result.report.inserted == eligible)
        #expect(try restricted.backfilledCount() == eligible)
    }
}
