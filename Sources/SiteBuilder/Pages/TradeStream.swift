import SiteOutput
import Telemetry

/// Streams trades' rows (grouped by trade, oldest first within each) into trade pages for the
/// pool. A full build runs it on a connection and thread of its own while the rows stream: the
/// two write different folders, so the kernel creates their files in parallel.
enum TradeStream {
    /// Renders the pages of `trades` (every trade when nil), counting rows up to `maxID` only
    /// (and only rows among `candidates` when given), and hands each trade to `index` (the
    /// search index), in key order. A trade whose id redaction changed is left out of the index
    /// (its masked id would break the order).
    static func render(
        _ rows: SiteRows, trades: [String]?, through maxID: Int, among candidates: RowCandidates? = nil,
        pool: RenderPool, output: SiteOutput, index: (SearchTrades.Entry) throws -> Void
    ) throws {
        var current: String?
        var masked = false
        var tradeRows: [TelemetryRow] = []
        var pages: [TradePage] = []
        func close(_ trade: String) throws {
            let page = TradePage(tradeID: trade, rows: tradeRows)
            pages.append(page)
            if !masked {
                let rows = tradeRows.map { SearchRow($0, tradeFile: page.file) }
                try index(SearchTrades.Entry(trade: trade, file: page.file, rows: rows))
            }
            tradeRows.removeAll(keepingCapacity: true)
            if pages.count >= RenderPool.batchSize {
                try pool.submit(pages, to: output)
                pages.removeAll(keepingCapacity: true)
            }
        }
        try rows.streamTrades(trades, through: maxID, among: candidates) { entered in
            guard let trade = entered.row.tradeID else { return }
            if trade != current, let open = current { try close(open) }
            current = trade
            masked = trade != entered.storedTradeID
            tradeRows.append(entered.row)
        }
        if let open = current { try close(open) }
        try pool.submit(pages, to: output)
    }
}
