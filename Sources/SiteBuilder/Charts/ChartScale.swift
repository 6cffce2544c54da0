import Foundation
import RunSummaries

/// A chart's y axis: 4 to 6 ticks at round numbers (1, 2, 2.5 or 5 times a power of ten) from
/// zero to a top at or above the largest value.
struct ChartScale {
    /// What the values measure: how ticks and values are written, and the axis title.
    enum Unit {
        case rows, milliseconds, percent
        /// Multiples of a trade's risk (R): the MFE, the entry at 0, the stop at -1.
        case multiples

        /// The axis title.
        var title: String {
            switch self {
            case .rows: "rows"
            case .milliseconds: "ms"
            case .percent: "%"
            case .multiples: "R"
            }
        }

        /// `value` as a reader sees it: `12,500`, `12.5`, `3.2%`.
        func text(_ value: Double) -> String {
            switch self {
            case .rows: return Count.text(Int(value.rounded()))
            case .milliseconds: return Self.decimal(value)
            case .percent: return Self.decimal(value * 100) + "%"
            case .multiples: return (value < 0 ? "−" : "") + Self.decimal(abs(value))
            }
        }

        /// `value` with its unit, as a tooltip says it: `1 row`, `12,500 rows`, `12.5 ms`, `3.2%`.
        func labelled(_ value: Double) -> String {
            switch self {
            case .rows: return Count.of(Int(value.rounded()), "row")
            case .milliseconds: return text(value) + " ms"
            case .percent: return text(value)
            case .multiples: return text(value) + " R"
            }
        }

        /// A tick at `value` on an axis whose ticks are `step` apart: as `text(_:)`, with as many
        /// decimals as the step needs (`0.25`, `0.5`, `0.75`, not `0.3`, `0.5`, `0.8`).
        func tick(_ value: Double, step: Double) -> String {
            let shown = self == .percent ? step * 100 : step
            let places = (1...6).first { places in
                let scaled = shown * pow(10, Double(places))
                return abs(scaled - scaled.rounded()) < 1e-6
            }
            guard self != .rows, let places, places > 1 else { return text(value) }
            let number = self == .percent ? value * 100 : abs(value)
            let digits = FixedPoint.text(number, places: places)
            var trimmed = Substring(digits)
            while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
            if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
            let sign = self == .multiples && value < 0 ? "−" : ""
            return sign + trimmed + (self == .percent ? "%" : "")
        }

        /// One decimal at most, thousands separated, no trailing `.0` (values are never negative).
        private static func decimal(_ value: Double) -> String {
            let tenths = Int((max(0, value) * 10).rounded())
            let whole = Count.text(tenths / 10)
            return tenths % 10 == 0 ? whole : "\(whole).\(tenths % 10)"
        }
    }

    /// The distance between two ticks.
    var step: Double { ticks.count > 1 ? ticks[1] - ticks[0] : top }

    /// A tick's label (`Unit.tick`).
    func label(_ tick: Double) -> String { unit.tick(tick, step: step) }

    let ticks: [Double]
    let unit: Unit
    var top: Double { ticks.last ?? 1 }

    init(maximum: Double, unit: Unit) {
        self.unit = unit
        let target = maximum > 0 && maximum.isFinite ? maximum : 1
        let magnitude = pow(10, log10(target / 5).rounded(.down))
        // Counts step by whole rows: 2.5 only from 25 up.
        let multipliers: [Double] = unit == .rows && magnitude < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
        var step = multipliers.map { $0 * magnitude }.first { $0 * 5 >= target * (1 - 1e-9) } ?? 10 * magnitude
        if unit == .rows { step = max(step, 1) }
        let count = max(1, Int((target / step - 1e-9).rounded(.up)))
        ticks = (0...count).map { Double($0) * step }
    }
}
