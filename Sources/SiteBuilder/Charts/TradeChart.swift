import SiteTemplates
import Telemetry

/// A trade's life as a picture: its events on a time axis at their MFE (in R, the trade's risk),
/// the MFE path as a line, the entry level (0 R) and the stop (−1 R, at 0 R from BE_TRIGGERED
/// on) as dashed lines, and each flagged event ringed and named. Every event is a mark linking
/// its row's page, with the keyboard and tooltips of the other charts.
struct TradeChart {
    let rows: [TelemetryRow]
    let flags: [TradeFlag?]

    typealias Frame = SVGChart.Frame

    /// An event's colour: entry, MFE update, break-even, exit, anything else.
    static func color(_ type: EventType?) -> String {
        guard let type else { return "#8c8c8c" }
        if type.isEntry { return "#4e79a7" }
        if type.isExit { return "#e15759" }
        if type == .beTriggered { return "#f28e2b" }
        if type == .mfeUpdate { return "#59a14f" }
        return "#8c8c8c"
    }

    /// The SVG figure, or nil when no row has a time.
    func render() -> String? {
        let times = rows.map { $0.receivedAt?.seconds }
        guard let first = times.compactMap({ $0 }).min(), let last = times.compactMap({ $0 }).max() else { return nil }
        let levels = mfeLevels()
        let scale = ChartScale(maximum: max(levels.compactMap { $0 }.max() ?? 0, 1), unit: .multiples)
        func y(_ value: Double) -> Double { Self.level(value, top: scale.top) }
        func x(_ index: Int) -> Double {
            // Rows without a time sit where their neighbours in id order put them.
            let time = times[index] ?? times[..<index].compactMap({ $0 }).last ?? first
            return last == first
                ? Frame.left + Frame.plotWidth / 2
                : Frame.left + Double(time - first) / Double(last - first) * Frame.plotWidth
        }
        let id = "chart-trade"
        var svg = """
            <figure class="chart trade-chart" id="\(id)"><div class="plot"><svg viewBox="0 0 \(Int(Frame.width)) \(Int(Frame.height))" role="group" aria-labelledby="\(id)-t" aria-describedby="\(id)-d" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-t">The trade's life</title><desc id="\(id)-d">\(HTMLEscape.text(description))</desc>

            """
        svg += axes(scale, first: first, last: last)
        svg += levelLines(y: y, x: x)
        svg += path(levels, y: y, x: x)
        svg += marks(levels, y: y, x: x)
        svg += "</svg></div>\n<figcaption>The trade's life: events by time at their MFE</figcaption>"
        svg += Self.legend + "</figure>\n"
        return svg
    }

    private var description: String {
        "Points: the trade's \(rows.count) events by time received, at their MFE in R; dashed lines: the entry (0 R) and the stop (−1 R, at 0 R after BE_TRIGGERED); ringed points are flagged."
    }

    /// Where `value` R sits on a chart from −1 R at the bottom to `top` R at the top.
    static func level(_ value: Double, top: Double) -> Double {
        Frame.top + (top - value) / (top + 1) * Frame.plotHeight
    }

    /// Each row's MFE in R: its own when the payload has one, else the last one before it (0
    /// before any).
    func mfeLevels() -> [Double?] {
        var last: Double = 0
        return rows.map { row in
            if let value = row.mfe.flatMap(Double.init), value.isFinite {
                last = value
                return value
            }
            return last
        }
    }
}
