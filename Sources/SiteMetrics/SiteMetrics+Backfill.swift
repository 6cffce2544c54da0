public import Telemetry

extension SiteMetrics {
    /// Records what a backfill job did: its outcome, and its duration and rows when it ran.
    public func backfill(_ result: BackfillJob.Result) {
        let report = result.report
        let outcome: BackfillOutcome
        switch result.outcome.failure {
        case .alreadyRunning: outcome = .busy
        case .some: outcome = result.reachedDatabase ? .failed : .unreachable
        case nil: outcome = report.dryRun ? .dryRun : .succeeded
        }
        guard result.record != nil else { return backfill(outcome) }
        backfill(
            outcome, duration: .milliseconds(report.durationMs),
            rows: BackfillRows(
                scanned: report.scanned, inserted: report.dryRun ? report.wouldInsert ?? 0 : report.inserted,
                skipped: report.skipped, failed: report.failed))
    }
}
