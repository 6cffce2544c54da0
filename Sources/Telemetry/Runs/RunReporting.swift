/// How a backfill job makes its run record fit to keep and to read: `redact` masks secrets in
/// the record's free text (PostgreSQL errors can quote a failing row), then `summarize` renders
/// the Markdown reviewers read. The `RunSummaries` module provides the standard one.
public struct RunReporting: Sendable {
    /// Masks secrets in a record before it is stored or summarised.
    public var redact: @Sendable (RunRecord) -> RunRecord
    /// Renders a record's summary, given the run before it.
    public var summarize: RunSummarizer

    /// Reporting with `redact` then `summarize`.
    public init(redact: @escaping @Sendable (RunRecord) -> RunRecord, summarize: @escaping RunSummarizer) {
        self.redact = redact
        self.summarize = summarize
    }
}

extension RunRecord {
    /// The record with `transform` applied to its free text: the error and each failed row's error.
    public func mappingText(_ transform: (String) -> String) -> RunRecord {
        var record = self
        record.error = error.map(transform)
        record.failed = failed.map { FailedRow(id: $0.id, error: transform($0.error)) }
        return record
    }
}
