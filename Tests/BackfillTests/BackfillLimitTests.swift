import TestSupport
import Testing

@testable import Telemetry

@Suite struct BackfillLimitTests {
    @Test(arguments: [
        (0, 1), (-5, 1), (1, 1), (1000, 1000), (5000, 5000), (5001, 5000), (1 << 40, 5000),
    ])
    func clampsToOneThroughFiveThousand(requested: Int, used: Int) {
        let limit = BackfillLimit(requested: requested)
        #expect(limit.used == used)
        #expect(limit.requested == requested)
        #expect(limit.wasClamped == (requested != used))
    }

    @Test func clampedLimitIsWhatABatchUses() throws {
        let database = try TestDatabase.seeded(trades: 10)
        let result = BackfillHarness(database).run(limit: 0)
        #expect(result.report.limit == 1)
        #expect(result.report.limitRequested == 0)
        #expect(result.report.inserted == 1)
        #expect(result.record?.limitRequested == 0)
    }
}
