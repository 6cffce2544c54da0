import Foundation
import Logging
import Postgres
import SystemIO
import TestSupport
import Testing

@testable import Telemetry

/// A hot standby cancels the queries in the way of its replay ("conflict with recovery"); the
/// wait for the standby must look again rather than fail the rebuild.
@Suite struct StandbyConflictTests {
    /// A real conflict: the standby (`max_standby_streaming_delay = 0`, so it cancels at once)
    /// replays the primary's `LOCK TABLE` while a query reads the table. The error it raises is a
    /// transient conflict; the wait for the standby, given that error on its first two looks,
    /// logs them, looks again and returns once the standby has replayed; any other error ends
    /// the wait; a wait that times out says how far the standby had replayed when last seen.
    @Test func theWaitLooksAgainAfterTheStandbyCancelsALook() throws {
        let pair = try StandbyPair(settings: ["max_standby_streaming_delay": "0"])
        defer { pair.stop() }
        let conflict = try Self.recoveryConflict(pair)
        #expect(conflict.isTransientConflict, "\(conflict)")
        #expect(conflict.description.contains("conflict with recovery"), "\(conflict)")

        let position = try ReplicaCatchUp.primaryPosition(url: pair.fixture.database.url)
        let catchUp = ReplicaCatchUp(position: position, timeout: .seconds(120))
        let standby = try Connection(url: pair.readURL)
        let logs = CapturedLogs()
        var looks = 0
        try catchUp.wait(on: standby, logger: logs.logger) { position in
            looks += 1
            if looks <= 2 { throw conflict }
            return try ReplicaCatchUp.replayState(on: standby, past: position)
        }
        #expect(looks >= 3)
        #expect(logs.all.filter { $0.contains("looking again") }.count == 2, "\(logs.all)")

        let other = PostgresError(kind: .server, sqlState: "42501", message: "permission denied for function")
        #expect(throws: PostgresError.self) {
            try catchUp.wait(on: standby, logger: logs.logger) { _ in throw other }
        }

        // A wait that times out after cancelled looks names the last position a look saw.
        var short = ReplicaCatchUp(position: "0/9000000", timeout: .milliseconds(300))
        short.interval = .milliseconds(20)
        var shortLooks = 0
        let lag = try #require(throws: ReplicaLagError.self) {
            try short.wait(on: standby, logger: logs.logger) { _ in
                shortLooks += 1
                if shortLooks == 1 {
                    return .init(inRecovery: true, pastPosition: false, replayed: "0/3000060")
                }
                throw conflict
            }
        }
        #expect(lag.code == .timedOut)
        #expect(lag.message.contains("up to 0/3000060, short of 0/9000000"), "\(lag.message)")
        #expect(shortLooks >= 2)
    }

    /// The error the standby raises when it replays an exclusive lock on a table one of its
    /// queries is reading.
    private static func recoveryConflict(_ pair: StandbyPair) throws -> PostgresError {
        let primary = try Connection(url: pair.fixture.database.url)
        try primary.execute("CREATE TABLE conflict_probe (x int); INSERT INTO conflict_probe VALUES (1)")
        let standby = try Connection(url: pair.readURL)
        let deadline = Date().addingTimeInterval(60)
        while try standby.query("SELECT to_regclass('conflict_probe') IS NOT NULL").first?[0] != "t" {
            try #require(Date() < deadline, "the standby never replayed the table")
            usleep(20_000)
        }
        let outcome = Locked<Result<Void, any Error>?>(nil)
        let readURL = pair.readURL
        Thread {
            let result = Result {
                _ = try Connection(url: readURL).query("SELECT pg_sleep(60) FROM conflict_probe")
            }
            outcome.withLock { $0 = result }
        }.start()
        while try standby.query(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'"
        ).first?[0] != "1" {
            try #require(Date() < deadline, "the reading query never started")
            usleep(20_000)
        }
        try primary.execute("BEGIN; LOCK TABLE conflict_probe IN ACCESS EXCLUSIVE MODE; COMMIT")
        while outcome.withLock({ $0 }) == nil {
            try #require(Date() < deadline, "the standby never cancelled the reading query")
            usleep(20_000)
        }
        guard case .failure(let error) = try #require(outcome.withLock { $0 }) else {
            Issue.record("the reading query was not cancelled")
            throw PostgresError(kind: .protocolViolation, message: "no conflict")
        }
        return try #require(error as? PostgresError, "\(error)")
    }
}
