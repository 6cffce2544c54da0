import SiteTemplates

extension SVGChart {
    /// One bar per label, its series stacked; every segment a mark.
    func bars(_ scale: ChartScale, step: Double) -> String {
        var svg = ""
        for index in labels.indices {
            var base = y(0, scale)
            for (number, item) in series.enumerated() {
                guard let value = item.values[index], value > 0 else { continue }
                let top = y(value, scale) - (y(0, scale) - base)
                let shape =
                    "<rect x=\"\(self.number(Frame.left + Double(index) * step + 0.5))\" y=\"\(self.number(top))\" width=\"\(self.number(max(step - 1, 0.5)))\" height=\"\(self.number(base - top))\" fill=\"\(color(number))\"/>"
                svg += mark(
                    index: index, series: number,
                    title: "\(labels[index]) · \(item.name): \(unit.labelled(value))",
                    shape: shape)
                base = top
            }
        }
        return svg + "\n"
    }

    /// One line per series, broken where a value is missing, a dot on every value, and one mark
    /// per label with values: the column's full height, naming every series' value.
    func lines(_ scale: ChartScale, step: Double) -> String {
        var svg = ""
        for (number, item) in series.enumerated() {
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    svg +=
                        "<polyline fill=\"none\" stroke=\"\(color(number))\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>"
                }
                run = []
            }
            for (index, value) in item.values.enumerated() {
                guard let value else {
                    flush()
                    continue
                }
                let point = (x: Frame.left + (Double(index) + 0.5) * step, y: y(value, scale))
                run.append("\(self.number(point.x)),\(self.number(point.y))")
                svg +=
                    "<circle cx=\"\(self.number(point.x))\" cy=\"\(self.number(point.y))\" r=\"2.5\" fill=\"\(color(number))\"/>"
            }
            flush()
        }
        for index in labels.indices {
            let values = series.compactMap { item in item.values[index].map { "\(item.name) \(unit.labelled($0))" } }
            guard !values.isEmpty else { continue }
            let shape =
                "<rect class=\"hit\" x=\"\(number(Frame.left + Double(index) * step))\" y=\"\(number(Frame.top))\" width=\"\(number(step))\" height=\"\(number(Frame.plotHeight))\"/>"
            svg += mark(
                index: index, series: nil, title: "\(labels[index]) · \(values.joined(separator: ", "))",
                shape: shape)
        }
        return svg + "\n"
    }

    /// The series' colours and names.
    func legend() -> String {
        var html = "<ul class=\"legend\">"
        for (index, item) in series.enumerated() {
            html +=
                "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"\(color(index))\"/></svg> <bdi>\(HTMLEscape.text(item.name))</bdi></li>"
        }
        return html + "</ul>\n"
    }

    /// The numbers behind the chart; each label links where its column's mark does.
    func table() -> String {
        var html =
            "<details><summary>Data table</summary><div class=\"scroll\"><table><thead><tr><th scope=\"col\">\(axis.name)</th>"
        for item in series {
            html += "<th scope=\"col\" class=\"num\"><bdi>\(HTMLEscape.text(item.name))</bdi> (\(unit.title))</th>"
        }
        html += "</tr></thead><tbody>"
        for index in labels.indices {
            let label = HTMLEscape.text(labels[index])
            let cell = link(index, nil).map { "<a href=\"\(HTMLEscape.text($0))\">\(label)</a>" } ?? label
            html += "<tr><th scope=\"row\">\(cell)</th>"
            for item in series {
                html += "<td class=\"num\">\(item.values[index].map(unit.text) ?? "–")</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div></details>"
    }
}
