import Foundation
import SiteTemplates

/// Inline SVG charts made at build time. Without a script they are complete: round y ticks with
/// grid lines and a unit, spaced x labels, a native `<title>` tooltip on every bar or point, each
/// a link to the rows behind it, and a data table in `<details>` (its rows link too).
/// `assets/charts.js` adds tooltips on hover and focus and arrow-key moves between the marks
/// (one tab stop per chart).
struct SVGChart {
    struct Series {
        var name: String
        /// One value per label; nil where there is nothing to measure (drawn as a gap).
        var values: [Double?]
    }

    enum Style { case stackedBars, lines }

    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    var id: String
    var title: String
    var description: String
    /// The x axis: one label per bar or point (days, or run ids), oldest first.
    var labels: [String]
    var series: [Series]
    var style: Style
    var unit: ChartScale.Unit = .rows
    var axis: ChartXAxis = .days
    /// Where a mark leads (relative to the page): its index and, for a bar, its series; nil for none.
    var link: (Int, Int?) -> String? = { _, _ in nil }

    /// The drawing area, in SVG user units (the figure scales; at 1,400 px two charts share a
    /// row and a unit is about one CSS pixel, so 13-unit text stays at least 12 px).
    struct Frame {
        static let width = 640.0, height = 270.0, left = 64.0, right = 14.0, top = 34.0, bottom = 30.0
        static let plotWidth = width - left - right, plotHeight = height - top - bottom
        static let characterWidth = 7.4
    }

    func render() -> String {
        let scale = ChartScale(maximum: maximum, unit: unit)
        let step = labels.isEmpty ? 0 : Frame.plotWidth / Double(labels.count)
        var svg = """
            <figure class="chart" id="\(id)"><div class="plot"><svg viewBox="0 0 \(Int(Frame.width)) \(Int(Frame.height))" role="group" aria-labelledby="\(id)-t" aria-describedby="\(id)-d" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-t">\(HTMLEscape.text(title))</title><desc id="\(id)-d">\(HTMLEscape.text(description))</desc>

            """
        svg += yAxis(scale)
        svg += xAxis(step: step)
        var marks = style == .stackedBars ? bars(scale, step: step) : lines(scale, step: step)
        if let first = marks.range(of: "tabindex=\"-1\"") {
            marks.replaceSubrange(first, with: "tabindex=\"0\"")
        }
        svg += marks
        svg += "</svg></div>\n<figcaption>\(HTMLEscape.text(title))</figcaption>"
        svg += legend() + table() + "</figure>\n"
        return svg
    }

    private var maximum: Double {
        if style == .stackedBars {
            return labels.indices.map { index in series.reduce(0) { $0 + ($1.values[index] ?? 0) } }.max() ?? 0
        }
        return series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
    }

    func y(_ value: Double, _ scale: ChartScale) -> Double {
        Frame.top + Frame.plotHeight - value / scale.top * Frame.plotHeight
    }

    func color(_ index: Int) -> String { Self.palette[index % Self.palette.count] }

    /// Grid lines and labels at the ticks, and the unit above the labels.
    private func yAxis(_ scale: ChartScale) -> String {
        var svg =
            "<text class=\"unit\" x=\"\(number(Frame.left - 8))\" y=\"\(number(Frame.top - 14))\" text-anchor=\"end\">\(unit.title)</text>"
        for tick in scale.ticks {
            let at = number(y(tick, scale))
            svg +=
                "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(number(Frame.left))\" y1=\"\(at)\" x2=\"\(number(Frame.width - Frame.right))\" y2=\"\(at)\"/>"
            svg +=
                "<text class=\"y\" x=\"\(number(Frame.left - 8))\" y=\"\(at)\" dy=\"0.35em\" text-anchor=\"end\">\(scale.label(tick))</text>"
        }
        return svg + "\n"
    }

    private func xAxis(step: Double) -> String {
        let baseline = Frame.top + Frame.plotHeight
        var svg = ""
        for tick in axis.ticks(labels, step: step, characterWidth: Frame.characterWidth) {
            let x = number(Frame.left + (Double(tick.index) + 0.5) * step)
            svg +=
                "<line class=\"tick\" x1=\"\(x)\" y1=\"\(number(baseline))\" x2=\"\(x)\" y2=\"\(number(baseline + 4))\"/>"
            svg +=
                "<text class=\"x\" x=\"\(x)\" y=\"\(number(baseline + 20))\" text-anchor=\"middle\">\(HTMLEscape.text(tick.text))</text>"
        }
        return svg + "\n"
    }

    /// A mark: a link (or a plain group) named by its `<title>`, around `shape`. Every mark starts
    /// out of the tab order; `render` puts the first one in (one tab stop per chart).
    func mark(index: Int, series: Int?, title: String, shape: String) -> String {
        let name = "<title>\(HTMLEscape.text(Text.isolated(title)))</title>"
        guard let href = link(index, series) else { return "<g class=\"mark\" tabindex=\"-1\">\(name)\(shape)</g>" }
        return "<a class=\"mark\" tabindex=\"-1\" href=\"\(HTMLEscape.text(href))\">\(name)\(shape)</a>"
    }

    func number(_ value: Double) -> String {
        FixedPoint.text(value, places: 1)
    }
}
