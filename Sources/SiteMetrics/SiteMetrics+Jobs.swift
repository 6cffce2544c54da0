/// What the jobs (`run`, `backfill`, `build`, and the server's backfill) record.
extension SiteMetrics {
    /// How a backfill ended.
    public enum BackfillOutcome: String, Sendable, CaseIterable {
        /// Ran and committed (rows that failed alone do not fail the run).
        case succeeded
        /// Reached the database and failed (rolled back).
        case failed
        /// A dry run: counted, wrote nothing.
        case dryRun = "dry_run"
        /// Another backfill held the lock (or the server's gate): not run.
        case busy
        /// Never reached the database: not run, and no run recorded.
        case unreachable
    }

    /// The rows of one backfill.
    public struct BackfillRows: Sendable {
        /// Rows of `automated_signals` looked at.
        public var scanned: Int
        /// Telemetry rows inserted (or that a dry run would insert).
        public var inserted: Int
        /// Signals already covered.
        public var skipped: Int
        /// Rows whose insert failed on its own.
        public var failed: Int

        /// - Parameters: the four counts.
        public init(scanned: Int, inserted: Int, skipped: Int, failed: Int) {
            self.scanned = scanned
            self.inserted = inserted
            self.skipped = skipped
            self.failed = failed
        }
    }

    /// What starts a site build.
    public enum BuildTrigger: String, Sendable, CaseIterable {
        /// `build` or `run`.
        case command
        /// The server, after a backfill POST.
        case backfill
    }

    /// A backfill's outcome; its duration and rows when it ran.
    public func backfill(_ outcome: BackfillOutcome, duration: Duration? = nil, rows: BackfillRows? = nil) {
        count(MetricName.backfillRuns, [("outcome", outcome.rawValue)])
        if let duration { observe(MetricName.backfillDuration, duration: duration) }
        if let rows {
            for (kind, value) in [
                ("scanned", rows.scanned), ("inserted", rows.inserted), ("skipped", rows.skipped),
                ("failed", rows.failed),
            ] {
                set(MetricName.backfillRows, [("kind", kind)], to: Double(value))
            }
        }
    }

    /// A site build's outcome and duration.
    public func siteBuild(succeeded: Bool, trigger: BuildTrigger, duration: Duration) {
        count(
            MetricName.siteBuilds,
            [("outcome", succeeded ? "succeeded" : "failed"), ("trigger", trigger.rawValue)])
        observe(MetricName.siteBuildDuration, duration: duration)
    }

    /// The stage a job failed at.
    public enum JobFailure: String, Sendable, CaseIterable {
        /// The database could not be reached (nothing ran, no run was recorded).
        case database
        /// The backfill ran and failed.
        case backfill
        /// The site build failed.
        case build
        /// The redaction rules or another setting could not be loaded.
        case settings
    }

    /// A command's end (`failure` nil when it succeeded), at Unix `seconds`.
    public func job(_ command: String, failure: JobFailure?, at seconds: Double) {
        set(MetricName.jobSuccess, [("command", command)], to: failure == nil ? 1 : 0)
        set(MetricName.jobLastRun, [("command", command)], to: seconds)
        for reason in JobFailure.allCases {
            count(
                MetricName.jobFailures, [("command", command), ("reason", reason.rawValue)],
                by: reason == failure ? 1 : 0)
        }
    }

    /// Every job series at zero, so the textfile and `/metrics` show each documented name.
    public func prepareJobs() {
        for outcome in BackfillOutcome.allCases {
            count(MetricName.backfillRuns, [("outcome", outcome.rawValue)], by: 0)
        }
        register(histogram: MetricName.backfillDuration)
        for outcome in ["succeeded", "failed"] {
            for trigger in BuildTrigger.allCases {
                count(MetricName.siteBuilds, [("outcome", outcome), ("trigger", trigger.rawValue)], by: 0)
            }
        }
        register(histogram: MetricName.siteBuildDuration)
        for outcome in ["sent", "failed"] { count(MetricName.notifications, [("outcome", outcome)], by: 0) }
    }
}
