import JSONKit
import Telemetry

/// Generates realistic trade lifecycles (ENTRY, MFE_UPDATE…, BE_TRIGGERED, EXIT_SL/EXIT_BE)
/// and the live telemetry the trading system logged for the newer ones, including
/// validation errors and hostile text typed by strangers.
struct DemoGenerator {
    /// Trades from this index on were logged live; older ones predate the telemetry log.
    let liveFrom: Int
    /// Trades of "the next night" whose webhooks arrived while the telemetry log was down: their
    /// signals are in `automated_signals` with no telemetry row, left for a backfill.
    let outage: Range<Int>
    /// Whether the trades continue an earlier seeding ("the next night"), when a stale price
    /// feed starts to fail some webhooks: a validation-error group the earlier rows do not have.
    let continuing: Bool
    private var random: SplitMix64
    /// Seconds since 1970 of the first trade (2025-09-01 00:00:00).
    private let baseTime = 1_756_684_800

    static let hostile = [
        "<script>alert('x')</script>", "pipe | in | text", "```js\nfence```", "🚀📉 moon or bust",
        "\u{202E}reversed\u{202C} text", "line one\nline two", "<img src=x onerror=alert(1)>",
        "javascript:alert(1)", "</script><script>alert(2)</script>", "**bold** _em_ [link](javascript:x)",
        String(repeating: "long-", count: 2_000),
    ]

    init(seed: UInt64, trades: Int, firstTrade: Int = 0) {
        random = SplitMix64(seed: seed)
        continuing = firstTrade > 0
        liveFrom = continuing ? firstTrade : trades - trades * 2 / 5
        // A fifth of the night, from its third tenth on (at least one trade).
        let start = firstTrade + trades * 3 / 10
        outage = continuing ? start..<(start + max(1, trades / 5)) : 0..<0
    }

    mutating func trade(_ index: Int) -> (signals: [DemoSignal], telemetry: [DemoTelemetry]) {
        let long = random.next() % 2 == 0
        let oldStyle = random.next() % 20 == 0
        let direction = oldStyle ? (long ? "Bullish" : "Bearish") : (long ? "LONG" : "SHORT")
        let sessions = ["NY AM", "NY PM", "London", "Asia"]
        let session = index % 97 == 13 ? "<script>" : sessions[Int(random.next() % 4)]
        let bias = ["Bullish", "Bearish", "Neutral"][Int(random.next() % 3)]
        let entry = 1_750_000 + Int(random.next() % 200_000)
        let risk = 1_000 + Int(random.next() % 3_000)
        let stop = long ? entry - risk : entry + risk
        let sign = long ? 1 : -1
        let targets = JSONText.object(
            (1...3).map { ("\($0)R", JSONText.decimal(entry + sign * risk * $0, scale: 2)) })
        var tradeID = "\(Self.compactDate(baseTime + index * 900))_\(long ? "L" : "S")_\(index + 1)"
        if index % 53 == 7 { tradeID = "T<b>|`\(index)`|\"q\" 🚀" }

        var events: [EventType] = [.entry]
        events += Array(repeating: .mfeUpdate, count: 1 + Int(random.next() % 4))
        let breakEven = random.next() % 2 == 0
        if breakEven { events.append(.beTriggered) }
        events.append(breakEven && random.next() % 2 == 0 ? .exitBE : .exitSL)

        var time = baseTime + index * 900 + Int(random.next() % 600)
        var mfe = 0
        var signals: [DemoSignal] = []
        var telemetry: [DemoTelemetry] = []
        for event in events {
            time += 60 + Int(random.next() % 1_800)
            if event == .mfeUpdate { mfe += 1_000 + Int(random.next() % 9_000) }
            let current = entry + sign * risk * mfe / 10_000
            let exiting = event.isExit
            let exitPrice = event == .exitBE ? entry : stop
            let stamp = Self.timestamp(time)
            let signal = DemoSignal(
                tradeID: tradeID, eventType: event, direction: direction,
                entryPrice: JSONText.decimal(entry, scale: 2), stopLoss: JSONText.decimal(stop, scale: 2),
                session: session, bias: bias, riskDistance: JSONText.decimal(risk, scale: 2), targets: targets,
                currentPrice: event == .entry ? nil : JSONText.decimal(current, scale: 2),
                mfe: JSONText.decimal(mfe, scale: 4),
                beMFE: breakEven ? JSONText.decimal(mfe, scale: 4) : nil,
                noBeMFE: JSONText.decimal(mfe, scale: 4),
                exitPrice: exiting ? JSONText.decimal(exitPrice, scale: 2) : nil,
                finalMFE: exiting ? JSONText.decimal(mfe, scale: 4) : nil,
                signalDate: String(stamp.prefix(10)), signalTime: String(stamp.suffix(8)), timestamp: stamp)
            signals.append(signal)
            if index >= liveFrom && !outage.contains(index) { telemetry.append(live(signal, at: time)) }
        }
        return (signals, telemetry)
    }

    private mutating func live(_ signal: DemoSignal, at time: Int) -> DemoTelemetry {
        let roll = random.next() % 100
        let comment: String? = roll < 12 ? Self.hostile[Int(random.next() % UInt64(Self.hostile.count))] : nil
        let invalid = roll >= 90
        // A fifth of the webhooks carry the alert's shared secret, as TradingView-style alerts
        // do; a few handler results echo an upstream bearer token. Redaction must mask both.
        var secrets = SplitMix64(seed: UInt64(truncatingIfNeeded: time) &* 31 &+ roll)
        let passphrase = (20..<40).contains(roll) ? "tv-" + String(secrets.next(), radix: 36) : nil
        let bearer = (40..<45).contains(roll) ? "Bearer " + String(secrets.next(), radix: 16) + "ab12cd" : nil
        let raw = JSONText.object(
            [
                ("trade_id", JSONText.string(signal.tradeID)),
                ("event_type", JSONText.string(signal.eventType.rawValue)),
                ("direction", JSONText.string(signal.direction)), ("entry_price", signal.entryPrice),
                ("stop_loss", invalid && roll % 2 == 0 ? nil : signal.stopLoss),
                ("session", JSONText.string(signal.session)), ("mfe", signal.mfe),
                ("current_price", signal.currentPrice), ("comment", comment.map(JSONText.string)),
            ] + (passphrase.map { [("passphrase", JSONText.string($0))] } ?? []))
        let normalized =
            signal.direction == "Bullish" ? "LONG" : signal.direction == "Bearish" ? "SHORT" : signal.direction
        let fused = JSONText.object([
            ("trade_id", JSONText.string(signal.tradeID)), ("event", JSONText.string(signal.eventType.rawValue)),
            ("direction", JSONText.string(normalized)), ("entry", signal.entryPrice),
            ("sl", signal.stopLoss), ("session", JSONText.string(signal.session)),
            ("mfe_r", signal.mfe), ("targets", signal.targets),
        ])
        let error: String?
        if !invalid {
            error = nil
        } else if continuing && roll % 3 == 0 {
            error = "price feed stale: last quote for trade \(signal.tradeID) is \(30 + roll) s old"
        } else if roll % 2 == 0 {
            error = "missing field 'stop_loss' for trade \(signal.tradeID)"
        } else {
            error =
                "event \(signal.eventType) out of order: trade \(signal.tradeID) already at MFE \(signal.mfe ?? "0")"
        }
        let handler =
            invalid
            ? JSONText.object([("status", "\"rejected\""), ("reason", JSONText.string(error ?? ""))])
            : JSONText.object(
                [
                    ("status", "\"ok\""),
                    ("action", JSONText.string(signal.eventType == .entry ? "created" : "updated")),
                    ("trade_id", JSONText.string(signal.tradeID)),
                ] + (bearer.map { [("upstream", JSONText.string($0))] } ?? []))
        let spread = Double(random.next() % 1_000) / 1_000
        return DemoTelemetry(
            receivedAt: Self.timestamp(time + Int(random.next() % 3)), rawPayload: raw,
            fusedEvent: invalid ? nil : fused, validationError: error, handlerResult: handler,
            processingTimeMs: 3 + Int(spread * spread * spread * 400))
    }

    /// `YYYY-MM-DD HH:MM:SS` for seconds since 1970 (UTC), without a date formatter.
    static func timestamp(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let rest = seconds % 86_400
        let (year, month, day) = CivilDay(number: days).components
        return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3_600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }

    static func compactDate(_ seconds: Int) -> String {
        let (year, month, day) = CivilDay(number: seconds / 86_400).components
        let rest = seconds % 86_400
        return "\(year)\(two(month))\(two(day))_\(two(rest / 3_600))\(two(rest / 60 % 60))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
