import SiteOutput
import Telemetry

/// Streams trades' rows (grouped by trade, oldest first within each) into trade pages for the
/// pool. A full build runs it on a connection and thread of its own while the rows stream: the
/// two write different folders, so the kernel creates their files in parallel.
enum TradeStream {
    /// Renders the pages of `trades` (every trade when nil), counting rows up to `maxID` only.
    static func render(
        _ rows: SiteRows, trades: [String]?, through maxID: Int, pool: RenderPool, output: SiteOutput
    ) throws {
        var current: String?
        var tradeRows: [TelemetryRow] = []
        var pages: [TradePage] = []
        try rows.streamTrades(trades, through: maxID) { row in
            guard let trade = row.tradeID else { return }
            if trade != current, let open = current {
                pages.append(TradePage(tradeID: open, rows: tradeRows))
                tradeRows.removeAll(keepingCapacity: true)
                if pages.count >= RenderPool.batchSize {
                    try pool.submit(pages, to: output)
                    pages.removeAll(keepingCapacity: true)
                }
            }
            current = trade
            tradeRows.append(row)
        }
        if let open = current { pages.append(TradePage(tradeID: open, rows: tradeRows)) }
        try pool.submit(pages, to: output)
    }
}
