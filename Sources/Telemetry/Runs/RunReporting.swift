/// How a backfill job makes what it keeps and says fit to read: `redactText` masks secrets in
/// free text (PostgreSQL errors can quote a failing row) before it reaches the run record, the
/// API's and CLI's answer or a log line; then `summarize` renders the Markdown reviewers read.
/// The `RunSummaries` module provides the standard one.
public struct RunReporting: Sendable {
    /// Masks secrets in one piece of free text.
    public var redactText: @Sendable (String) -> String
    /// Renders a record's summary, given the run before it.
    public var summarize: RunSummarizer

    /// Reporting with `redactText` then `summarize`.
    public init(redactText: @escaping @Sendable (String) -> String, summarize: @escaping RunSummarizer) {
        self.redactText = redactText
        self.summarize = summarize
    }

    /// Masks secrets in a record's free text (its error and each failed row's error).
    public func redact(_ record: RunRecord) -> RunRecord {
        record.mappingText(redactText)
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
