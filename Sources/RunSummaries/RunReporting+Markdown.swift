public import Redaction
public import Telemetry

extension RunReporting {
    /// The standard reporting: free text masked by `redactor` (nil only with `--no-redact`),
    /// summarised as `RunSummary` Markdown.
    public static func markdown(redactor: Redactor?) -> RunReporting {
        RunReporting(
            redact: { record in
                guard let redactor else { return record }
                var ignored = Redactor.Counts()
                return record.mappingText { redactor.redactText($0, counts: &ignored) }
            },
            summarize: RunSummary.summarizer)
    }
}
