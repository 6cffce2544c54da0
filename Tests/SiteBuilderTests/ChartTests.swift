import Foundation
import RunSummaries
import Telemetry
import TestSupport
import Testing

@testable import SiteBuilder

/// The charts: round ticks, labels that never overlap, and, in Chromium, text a reader can read,
/// one tab stop per chart, tooltips, and clicks that open exactly the rows behind a mark.
@Suite struct ChartTests {
    @Test func yTicksAreFourToSixRoundNumbersCoveringTheMaximum() throws {
        for unit in [ChartScale.Unit.rows, .milliseconds, .percent] {
            for maximum in [0, 0.004, 0.07, 0.5, 1, 3, 7, 11, 99, 100, 101, 246, 999, 1_001, 12_345, 987_654] {
                let value = unit == .percent ? min(maximum, 1) : maximum
                let ticks = ChartScale(maximum: value, unit: unit).ticks
                #expect(ticks.first == 0 && ticks.last! >= value, "\(unit) \(value): \(ticks)")
                let step = ticks[1] - ticks[0]
                let mantissa = step / pow(10, log10(step).rounded(.down))
                #expect(
                    [1, 2, 2.5, 5, 10].contains { abs($0 - mantissa) < 1e-6 }, "\(unit) \(value): step \(step)")
                if unit == .rows { #expect(step >= 1 && step == step.rounded(), "\(value): \(ticks)") }
                // Small counts may have fewer ticks (0, 1 for one row); everything else 4-6.
                if !(unit == .rows && value < 4) {
                    #expect((4...6).contains(ticks.count), "\(unit) \(value): \(ticks)")
                }
            }
        }
        // Every tick is labelled with its exact value: 0.25 is "0.25", not "0.3".
        for unit in [ChartScale.Unit.rows, .milliseconds, .percent, .multiples] {
            for maximum in [0.004, 0.011, 0.07, 0.9, 1.2, 1.3, 3, 11, 246, 12_345] {
                let scale = ChartScale(maximum: unit == .percent ? min(maximum, 1) : maximum, unit: unit)
                for tick in scale.ticks {
                    let label = scale.label(tick)
                    let digits = label.filter { $0.isNumber || $0 == "." }
                    let shown = try #require(Double(digits), "\(unit) \(label)")
                    #expect(abs(shown - (unit == .percent ? tick * 100 : tick)) < 1e-9, "\(unit): \(tick) is \(label)")
                }
            }
        }
        #expect(ChartScale.Unit.multiples.tick(-1, step: 0.25) == "−1")
        #expect(ChartScale.Unit.multiples.tick(0.75, step: 0.25) == "0.75")
        #expect(ChartScale.Unit.percent.tick(0.0025, step: 0.0025) == "0.25%")
        #expect(ChartScale.Unit.rows.labelled(1) == "1 row" && ChartScale.Unit.rows.labelled(12_500) == "12,500 rows")
        #expect(ChartScale.Unit.milliseconds.labelled(1_234.56) == "1,234.6 ms")
        #expect(ChartScale.Unit.percent.labelled(0.0734) == "7.3%")
    }

    @Test func xLabelsAreDailyThenWeeklyThenMonthlyAndNeverOverlap() {
        let first = CivilDay(timestamp: "2025-06-02")!.number  // a Monday
        for count in [1, 3, 7, 8, 9, 20, 40, 62, 63, 90] {
            let labels = (0..<count).map { CivilDay(number: first + $0).text }
            let step = SVGChart.Frame.plotWidth / Double(count)
            let ticks = ChartXAxis.days.ticks(labels, step: step, characterWidth: SVGChart.Frame.characterWidth)
            #expect(!ticks.isEmpty, "\(count) days")
            for (a, b) in zip(ticks, ticks.dropFirst()) {
                let gap = Double(b.index - a.index) * step
                let needed = Double(a.text.count + b.text.count) * SVGChart.Frame.characterWidth / 2
                #expect(gap >= needed, "\(count) days: \(a) and \(b) overlap")
            }
            if count <= 7 { #expect(ticks.count == count && ticks[0].text == "Jun 2") }
            if (9...62).contains(count) {
                #expect(ticks.allSatisfy { CivilDay(timestamp: labels[$0.index])!.isMonday }, "\(count): \(ticks)")
            }
            if count > 62 { #expect(ticks.map(\.text) == ["Jul 2025", "Aug 2025"]) }
        }
        #expect(ChartXAxis.runLabel("20261206-021500-ab12cd") == "Dec 6 02:15")
        #expect(ChartXAxis.runLabel("<b>odd</b>") == "<b>odd</b>")
    }

    /// Chromium at 1,400 px on a built site (Tests/e2e/chart_check.py): text at least 12 px in
    /// the page's font, 4-6 y ticks, x labels apart, one tab stop, arrow keys and Escape,
    /// tooltips; the tallest bar and the newest error-rate point open search.html, whose count is
    /// PostgreSQL's for that day and series; no page scrolls sideways at 375 px; axe-core finds
    /// nothing in the dark colour scheme.
    @Test func chartsReadAndClickThroughInChromium() async throws {
        // The demo's size: about five days of trades, so every chart has several days.
        let fixture = try SiteFixture(try TestDatabase.seeded(trades: 400))
        #expect(fixture.backfill().report.success)
        try fixture.build()
        let files = try fixture.snapshot().keys
        let narrow = [
            "index.html", "runs/index.html", "errors/index.html", "search.html", "list/page-1.html", "telemetry/1.html",
            try #require(files.first { $0.hasPrefix("trades/") && $0.hasSuffix(".html") }),
            try #require(files.first { $0.hasPrefix("runs/2") && $0.hasSuffix(".html") }),
        ]
        let script = SiteFixture.repository.appendingPathComponent("Tests/e2e/chart_check.py")
        let urls = ["index.html"] + narrow
        let run = try await offThePool {
            try ToolRun.run(
                program: "/usr/bin/env",
                ["python3", script.path] + urls.map { fixture.out.appendingPathComponent($0).absoluteString })
        }
        #expect(run.status == 0, "\(run.stderr.suffix(2_000))")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let charts = try #require(result["charts"] as? [[String: Any]])
        #expect(charts.count == 5)
        for chart in charts {
            #expect((chart["min_font_px"] as? Double ?? 0) >= 12, "\(chart)")
            #expect((4...6).contains(chart["y_ticks"] as? Int ?? 0), "\(chart)")
            #expect(chart["x_overlap"] as? Bool == false && (chart["x_labels"] as? Int ?? 0) >= 2, "\(chart)")
            #expect(chart["tab_stops"] as? Int == 1 && (chart["marks"] as? Int ?? 0) > 1, "\(chart)")
            #expect(chart["same_font"] as? Bool == true && chart["figcaption_font"] as? Bool == true, "\(chart)")
        }
        let keys = try #require(result["keyboard"] as? [String: Any])
        #expect(keys["focused_index"] as? Int == 1 && keys["tab_stops_after"] as? Int == 1, "\(keys)")
        #expect(keys["tip"] as? String == keys["label"] as? String && (keys["tip"] as? String)?.isEmpty == false)
        #expect(keys["tip_after_escape"] is NSNull, "\(keys)")
        #expect((keys["hover_tip"] as? String)?.contains("p95") == true, "\(keys)")
        try Self.expectClicks(result, fixture)
        for (url, widths) in try #require(result["narrow"] as? [String: [Int]]) {
            #expect(widths.count == 2 && widths[0] <= widths[1] && widths[1] == 375, "\(url): \(widths)")
        }
        // At 375 px the charts (index, runs, a trade) keep their text at 12 px or
        // more and scroll inside their own box.
        let narrowFonts = try #require(result["narrow_font"] as? [String: Double])
        #expect(narrowFonts.values.filter { $0 > 0 }.count >= 3, "\(narrowFonts)")
        for (url, size) in narrowFonts where size > 0 { #expect(size >= 12, "\(url): \(size) px") }
        #expect((result["dark_background"] as? String) == "rgb(21, 23, 26)")
        #expect((result["dark_axe"] as? [Any])?.isEmpty == true, "\(result["dark_axe"] ?? "")")
        let print = try #require(result["print"] as? [String: Any])
        #expect(print["nav"] as? Bool == false && print["charts_shown"] as? Bool == true, "\(print)")
        #expect(print["table"] as? Bool == true && print["columns"] as? Int == 1, "\(print)")
        #expect(print["background"] as? String == "rgb(255, 255, 255)", "\(print)")
    }

    static func expectClicks(_ result: [String: Any], _ fixture: SiteFixture) throws {
        let events = try #require(result["events_click"] as? [String: String])
        let query = try #require(URLComponents(string: events["url"] ?? "")?.queryItems)
        let day = try #require(query.first { $0.name == "from" }?.value)
        let type = try #require(query.first { $0.name == "event" }?.value)
        #expect(query.first { $0.name == "to" }?.value == day)
        let rows = try fixture.database.count(
            """
            SELECT count(*) FROM telemetry_automated_signals_log
             WHERE to_char(received_at, 'YYYY-MM-DD') = '\(day)' AND raw_payload->>'event_type' = '\(type)'
            """)
        #expect(events["label"] == "\(day) · \(type): \(rows) rows", "\(events)")
        #expect(events["status"] == "\(rows) rows match.", "\(events)")
        let errors = try #require(result["errors_click"] as? [String: String])
        let errorQuery = try #require(URLComponents(string: errors["url"] ?? "")?.queryItems)
        let errorDay = try #require(errorQuery.first { $0.name == "from" }?.value)
        #expect(errorQuery.contains { $0.name == "error" && $0.value == "yes" })
        #expect(errorQuery.contains { $0.name == "source" && $0.value == "live" })
        let invalid = try fixture.database.count(
            """
            SELECT count(*) FROM telemetry_automated_signals_log
             WHERE to_char(received_at, 'YYYY-MM-DD') = '\(errorDay)' AND validation_error IS NOT NULL
               AND coalesce(handler_result->>'source', '') <> 'backfill_7L'
            """)
        #expect(errors["status"] == (invalid == 1 ? "1 row matches." : "\(invalid) rows match."), "\(errors)")
        // The tallest bar of the distribution: that type's live rows in that time bucket.
        let latency = try #require(result["latency_click"] as? [String: String])
        let items = try #require(URLComponents(string: latency["url"] ?? "")?.queryItems)
        func item(_ name: String) -> String? { items.first { $0.name == name }?.value }
        let low = try #require(item("msmin").flatMap(Int.init))
        let high = item("msmax").flatMap(Int.init) ?? Int(Int32.max)
        let slow = try fixture.database.count(
            """
            SELECT count(*) FROM telemetry_automated_signals_log
             WHERE to_char(received_at, 'YYYY-MM-DD') BETWEEN '\(item("from") ?? "")' AND '\(item("to") ?? "")'
               AND raw_payload->>'event_type' = '\(item("event") ?? "")' AND processing_time_ms >= \(low) AND processing_time_ms < \(high)
               AND coalesce(handler_result->>'source', '') <> 'backfill_7L'
            """)
        #expect(item("source") == "live" && slow > 0)
        #expect(latency["label"]?.hasSuffix(": \(Count.of(slow, "row"))") == true, "\(latency)")
        #expect(latency["status"] == (slow == 1 ? "1 row matches." : "\(Count.text(slow)) rows match."), "\(latency)")
    }
}
