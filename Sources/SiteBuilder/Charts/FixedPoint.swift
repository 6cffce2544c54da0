import Foundation

/// Numbers with a fixed count of decimals, exactly as `String(format: "%.2f")` writes them, without
/// going through Foundation's formatter for ordinary values: a trade page writes about fifty SVG
/// coordinates, and `String(format:)` took a tenth of a 100,000-row build's CPU.
enum FixedPoint {
    /// `value` with `places` decimals (0 to 6). Integer arithmetic when the scaled value is below
    /// 2³¹ and not within 10⁻⁶ of a tie (where the product's rounding could differ from the exact
    /// decimal value `printf` rounds); `String(format:)` otherwise.
    static func text(_ value: Double, places: Int) -> String {
        let places = min(max(places, 0), 6)
        let scale = powers[places]
        let product = abs(value) * Double(scale)
        guard value.isFinite, product < 2_147_483_648, abs(product - product.rounded(.down) - 0.5) > 1e-6 else {
            return String(format: "%.\(places)f", value)
        }
        let units = Int(product.rounded())
        var text = value.sign == .minus ? "-" : ""
        text += String(units / scale)
        guard places > 0 else { return text }
        let fraction = String(units % scale)
        return text + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    private static let powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
}
