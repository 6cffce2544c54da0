public import Redaction
public import Telemetry

extension RunReporting {
    /// The standard reporting: free text masked by `redactor` (nil only with `--no-redact`),
    /// summarised as `RunSummary` Markdown.
    public static func markdown(redactor: Redactor?) -> RunReporting {
        RunReporting(
            redactText: { text in
                guard let redactor else { return text }
                var ignored = Redactor.Counts()
                return redactor.redactText(text, counts: &ignored)
            },
            summarize: RunSummary.summarizer)
    }
}
