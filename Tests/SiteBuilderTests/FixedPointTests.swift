import Foundation
import Testing

@testable import DemoData
@testable import SiteBuilder

/// `FixedPoint` writes what `String(format:)` (the C library's `printf`) writes, for every count of
/// places: ordinary values, values at and around ties, signs, huge and non-finite ones.
@Suite struct FixedPointTests {
    static func expectPrintf(_ value: Double, places: Int) {
        let expected = String(format: "%.\(places)f", value)
        #expect(FixedPoint.text(value, places: places) == expected, "\(value) with \(places) places")
    }

    @Test func writesWhatPrintfWritesForRandomValues() {
        var generator = SplitMix64(seed: 0x5EED)  // seeded: a failure names values that come back
        for _ in 0..<20_000 {
            let magnitude = Double(generator.next() % 12) - 3
            let value = (Double(generator.next() % 2_000_001) / 1_000_000 - 1) * pow(10, magnitude)
            for places in 0...6 { Self.expectPrintf(value, places: places) }
        }
    }

    @Test func writesWhatPrintfWritesAtTies() {
        // Decimal ties whose binary values fall below, on or above them: 0.25 and 2.5 are exact;
        // 0.35, 1.005 and 2.675 are not.
        let ties = [0.05, 0.15, 0.25, 0.35, 0.45, 1.005, 2.5, 2.675, 3.5, 1e-7, 0.5e-6, 123.45, 1_000_000.05]
        for value in ties + ties.map(-) {
            for places in 0...6 { Self.expectPrintf(value, places: places) }
        }
    }

    @Test func writesWhatPrintfWritesAtTheEdges() {
        let edges = [
            0.0, -0.0, -0.04, 2_147_483_647.5, 2_147_483_648, 1e15, -1e300, .greatestFiniteMagnitude,
            .leastNonzeroMagnitude, .infinity, -.infinity, .nan,
        ]
        for value in edges {
            for places in 0...6 { Self.expectPrintf(value, places: places) }
        }
    }
}
