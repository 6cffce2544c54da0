import Foundation
import SiteTemplates
import SystemIO
import Telemetry

extension TradeChart {
    /// Grid lines at the R ticks of `scale` (and at −1 R) and four time labels.
    func axes(_ scale: ChartScale, first: Int, last: Int) -> String {
        var svg = Self.yAxis(scale)
        let baseline = Frame.top + Frame.plotHeight
        let count = last == first ? 1 : 4
        for step in 0..<count {
            let fraction = count == 1 ? 0.5 : Double(step) / Double(count - 1)
            let time = first + Int((Double(last - first) * fraction).rounded())
            let at = n(Frame.left + fraction * Frame.plotWidth)
            let anchor = count == 1 ? "middle" : step == 0 ? "start" : step == count - 1 ? "end" : "middle"
            svg += "<line class=\"tick\" x1=\"\(at)\" y1=\"\(n(baseline))\" x2=\"\(at)\" y2=\"\(n(baseline + 4))\"/>"
            svg +=
                "<text class=\"x\" x=\"\(at)\" y=\"\(n(baseline + 20))\" text-anchor=\"\(anchor)\">\(Self.clock(time, withDay: step == 0 || Self.dayOf(time) != Self.dayOf(first)))</text>"
        }
        return svg + "\n"
    }

    /// The y axis's title, grid lines and labels. They depend on the scale alone, and most trades
    /// share a few scales: each is drawn once (up to 256 of them; hostile MFE values that make
    /// more are drawn each time).
    static func yAxis(_ scale: ChartScale) -> String {
        if let drawn = drawnYAxes.withLock({ $0[scale.ticks] }) { return drawn }
        var svg = "<text class=\"unit\" x=\"0\" y=\"\(n(Frame.top - 14))\">MFE (R)</text>"
        for tick in [-1] + scale.ticks {
            let at = n(level(tick, top: scale.top))
            svg +=
                "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(n(Frame.left))\" y1=\"\(at)\" x2=\"\(n(Frame.width - Frame.right))\" y2=\"\(at)\"/>"
            svg +=
                "<text class=\"y\" x=\"\(n(Frame.left - 8))\" y=\"\(at)\" dy=\"0.35em\" text-anchor=\"end\">\(scale.label(tick))</text>"
        }
        drawnYAxes.withLock { drawn in
            if drawn.count < 256 { drawn[scale.ticks] = svg }
        }
        return svg
    }

    private static let drawnYAxes = Locked<[[Double]: String]>([:])

    /// The entry at 0 R, and the stop at −1 R until BE_TRIGGERED, then at 0 R.
    func levelLines(y: (Double) -> Double, x: (Int) -> Double) -> String {
        guard let entry = rows.firstIndex(where: { $0.eventType?.isEntry == true }) else { return "" }
        let end = Frame.width - Frame.right
        let start = x(entry)
        let breakEven = rows.firstIndex { $0.eventType == .beTriggered }.map(x)
        var svg =
            "<line class=\"level\" x1=\"\(n(start))\" y1=\"\(n(y(0)))\" x2=\"\(n(end))\" y2=\"\(n(y(0)))\"/>"
        svg +=
            "<text class=\"level-label\" x=\"\(n(end - 4))\" y=\"\(n(y(0) - 6))\" text-anchor=\"end\">entry\(breakEven == nil ? "" : " · stop at break-even")</text>"
        let stopEnd = breakEven ?? end
        svg +=
            "<line class=\"level stop\" x1=\"\(n(start))\" y1=\"\(n(y(-1)))\" x2=\"\(n(stopEnd))\" y2=\"\(n(y(-1)))\"/>"
        if let breakEven {
            svg +=
                "<line class=\"level stop\" x1=\"\(n(breakEven))\" y1=\"\(n(y(-1)))\" x2=\"\(n(breakEven))\" y2=\"\(n(y(0)))\"/>"
        }
        svg +=
            "<text class=\"level-label\" x=\"\(n(start + 4))\" y=\"\(n(y(-1) - 6))\">stop</text>"
        return svg + "\n"
    }

    /// The MFE path through the rows that carry one.
    func path(_ levels: [Double?], y: (Double) -> Double, x: (Int) -> Double) -> String {
        let points = rows.indices.filter { rows[$0].mfe.flatMap(Double.init) != nil }.map { index in
            "\(n(x(index))),\(n(y(levels[index] ?? 0)))"
        }
        guard points.count > 1 else { return "" }
        return
            "<polyline class=\"mfe\" fill=\"none\" stroke=\"#59a14f\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
    }

    /// A point per event, coloured by type and linking its row; flagged ones ringed and named.
    func marks(_ levels: [Double?], y: (Double) -> Double, x: (Int) -> Double) -> String {
        var svg = ""
        for (index, row) in rows.enumerated() {
            let (cx, cy) = (n(x(index)), n(y(levels[index] ?? 0)))
            let type = row.eventType?.rawValue ?? "(none)"
            var title = "\(row.receivedAt?.text ?? "no time") · \(Text.clip(type, 40))"
            if let mfe = row.mfe { title += " · MFE \(Text.clip(mfe, 30))" }
            if row.validationError != nil { title += " · invalid" }
            if let flag = flags[index] { title += " · \(flag)" }
            var shape = "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"5\" fill=\"\(Self.color(row.eventType))\"/>"
            if let flag = flags[index] {
                shape += "<circle class=\"flag\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"9\" fill=\"none\"/>"
                shape +=
                    "<text class=\"flag-label\" x=\"\(cx)\" y=\"\(n(y(levels[index] ?? 0) - 14))\" text-anchor=\"middle\">\(flag)</text>"
            }
            let name = "<title>\(HTMLEscape.text(Text.isolated(title)))</title>"
            svg +=
                "<a class=\"mark\" tabindex=\"\(index == 0 ? 0 : -1)\" href=\"../telemetry/\(row.id).html\">\(name)\(shape)</a>"
        }
        return svg + "\n"
    }

    /// The event colours: the same on every trade page, so written once.
    static let legend: String = {
        let kinds: [(String, EventType?)] = [
            ("ENTRY", .entry), ("MFE_UPDATE", .mfeUpdate), ("BE_TRIGGERED", .beTriggered), ("EXIT_…", .exitSL),
            ("other", nil),
        ]
        var html = "<ul class=\"legend\">"
        for (name, type) in kinds {
            html +=
                "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"\(color(type))\"/></svg> \(name)</li>"
        }
        return html
            + "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><circle class=\"flag\" cx=\"5\" cy=\"5\" r=\"4\" fill=\"none\"/></svg> flagged</li></ul>\n"
    }()

    /// `14:05`, or `Sep 5 14:05` with the day.
    static func clock(_ seconds: Int, withDay: Bool) -> String {
        let rest = ((seconds % 86_400) + 86_400) % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(rest / 3_600)):\(two(rest / 60 % 60))"
        guard withDay else { return time }
        let (month, day) = CivilDay(number: dayOf(seconds)).monthAndDay
        return "\(ChartXAxis.months[month - 1]) \(day) \(time)"
    }

    static func dayOf(_ seconds: Int) -> Int { Int((Double(seconds) / 86_400).rounded(.down)) }

    func n(_ value: Double) -> String { Self.n(value) }

    static func n(_ value: Double) -> String { FixedPoint.text(value, places: 1) }
}
