import Foundation
import SiteTemplates

/// Inline SVG charts made at build time: no script, no external asset. Each chart has a
/// `<title>` and `<desc>` for screen readers and a data table in `<details>` as a fallback.
struct SVGChart {
    struct Series {
        var name: String
        var values: [Double]
    }

    enum Style { case stackedBars, lines }

    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    var id: String
    var title: String
    var description: String
    /// The x axis: one label per bar or point (days, or run ids), oldest first.
    var days: [String]
    var series: [Series]
    var style: Style
    var format: (Double) -> String = { String(Int($0.rounded())) }
    /// What the x axis counts, for the data table's first column.
    var axis = "day"

    func render() -> String {
        let width = 640.0, height = 240.0, left = 48.0, bottom = 28.0, top = 12.0, right = 8.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum: Double
        if style == .stackedBars {
            maximum = (0..<days.count).map { day in series.reduce(0) { $0 + $1.values[day] } }.max() ?? 0
        } else {
            maximum = series.flatMap(\.values).max() ?? 0
        }
        let scale = maximum > 0 ? plotHeight / maximum : 0
        let step = days.isEmpty ? 0 : plotWidth / Double(days.count)
        var svg = """
            <figure class="chart" id="\(id)"><svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-t \(id)-d" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-t">\(HTMLEscape.text(title))</title><desc id="\(id)-d">\(HTMLEscape.text(description))</desc>
            <line class="axis" x1="\(left)" y1="\(top + plotHeight)" x2="\(width - right)" y2="\(top + plotHeight)" stroke="currentColor" stroke-opacity="0.3"/>
            <text x="\(left - 4)" y="\(top + 8)" text-anchor="end">\(format(maximum))</text>
            <text x="\(left - 4)" y="\(top + plotHeight)" text-anchor="end">0</text>

            """
        if let first = days.first, let last = days.last {
            svg +=
                "<text x=\"\(left)\" y=\"\(height - 8)\">\(HTMLEscape.text(first))</text><text x=\"\(width - right)\" y=\"\(height - 8)\" text-anchor=\"end\">\(HTMLEscape.text(last))</text>\n"
        }
        switch style {
        case .stackedBars:
            for day in days.indices {
                var base = top + plotHeight
                for (index, item) in series.enumerated() where item.values[day] > 0 {
                    let barHeight = item.values[day] * scale
                    base -= barHeight
                    svg +=
                        "<rect x=\(attr(left + Double(day) * step + 0.5)) y=\(attr(base)) width=\(attr(max(step - 1, 0.5))) height=\(attr(barHeight)) fill=\"\(Self.palette[index % Self.palette.count])\"><title>\(HTMLEscape.text(days[day])) \(HTMLEscape.text(Text.isolated(item.name))): \(format(item.values[day]))</title></rect>"
                }
            }
        case .lines:
            for (index, item) in series.enumerated() {
                let points = item.values.enumerated().map { day, value in
                    "\(number(left + (Double(day) + 0.5) * step)),\(number(top + plotHeight - value * scale))"
                }
                svg +=
                    "<polyline fill=\"none\" stroke=\"\(Self.palette[index % Self.palette.count])\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
            }
        }
        svg += "</svg>\n<figcaption>\(HTMLEscape.text(title))</figcaption><ul class=\"legend\">"
        for (index, item) in series.enumerated() {
            svg +=
                "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"\(Self.palette[index % Self.palette.count])\"/></svg> <bdi>\(HTMLEscape.text(item.name))</bdi></li>"
        }
        svg +=
            "</ul>\n<details><summary>Data table</summary><div class=\"scroll\"><table><thead><tr><th scope=\"col\">\(axis)</th>"
        for item in series { svg += "<th scope=\"col\" class=\"num\"><bdi>\(HTMLEscape.text(item.name))</bdi></th>" }
        svg += "</tr></thead><tbody>"
        for day in days.indices {
            svg += "<tr><td>\(HTMLEscape.text(days[day]))</td>"
            for item in series { svg += "<td class=\"num\">\(format(item.values[day]))</td>" }
            svg += "</tr>"
        }
        svg += "</tbody></table></div></details></figure>\n"
        return svg
    }

    private func attr(_ value: Double) -> String { "\"\(number(value))\"" }

    private func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
