/// The names of every metric this tool exports, in one place (documented in `docs/metrics.md`).
///
/// `serve` exposes them at `/metrics`; `run`, `backfill` and `build` write the ones of their work
/// to `--metrics-file`, under the same names, so one dashboard reads both.
public enum MetricName {
    /// Counter, by `route` (static, login, api, health, metrics) and `status`.
    public static let httpRequests = "telemetry_site_http_requests_total"
    /// Histogram (seconds), by `route`: from a request's head to its answer.
    public static let httpRequestDuration = "telemetry_site_http_request_duration_seconds"
    /// Counter: site files answered from memory.
    public static let staticCacheHits = "telemetry_site_static_cache_hits_total"
    /// Counter: site files read from disk first.
    public static let staticCacheMisses = "telemetry_site_static_cache_misses_total"
    /// Counter: bytes of site files sent (bodies only).
    public static let staticBytes = "telemetry_site_static_bytes_total"
    /// Counter, by `outcome` (success, failure, throttled).
    public static let logins = "telemetry_site_logins_total"
    /// Counter, by `limit` (total, per_client): connections closed on arrival.
    public static let connectionsRefused = "telemetry_site_connections_refused_total"
    /// Counter, by `outcome` (succeeded, failed, dry_run, busy, unreachable).
    public static let backfillRuns = "telemetry_site_backfill_runs_total"
    /// Histogram (seconds): backfills that ran.
    public static let backfillDuration = "telemetry_site_backfill_duration_seconds"
    /// Gauge, by `kind` (scanned, inserted, skipped, failed): the last backfill's rows.
    public static let backfillRows = "telemetry_site_backfill_rows"
    /// Counter, by `outcome` (succeeded, failed) and `trigger` (command, backfill).
    public static let siteBuilds = "telemetry_site_site_builds_total"
    /// Histogram (seconds): site builds.
    public static let siteBuildDuration = "telemetry_site_site_build_duration_seconds"
    /// Gauge: seconds since the served site was built (its `build.json`); -1 when it has none.
    public static let buildAge = "telemetry_site_build_age_seconds"
    /// Gauge, by `command`: 1 when the command's last run succeeded, 0 when it failed.
    public static let jobSuccess = "telemetry_site_job_success"
    /// Gauge, by `command`: when the command last ended (Unix seconds).
    public static let jobLastRun = "telemetry_site_job_last_run_timestamp_seconds"
    /// Counter, by `command` and `reason` (database, backfill, build, settings): runs that failed.
    public static let jobFailures = "telemetry_site_job_failures_total"
    /// Counter, by `outcome` (sent, failed): run notifications.
    public static let notifications = "telemetry_site_notifications_total"
}

extension MetricName {
    /// Every name with its Prometheus type, as `docs/metrics.md` lists them.
    public static let catalogue: [(name: String, type: String)] = [
        (httpRequests, "counter"), (httpRequestDuration, "histogram"), (staticCacheHits, "counter"),
        (staticCacheMisses, "counter"), (staticBytes, "counter"), (logins, "counter"),
        (connectionsRefused, "counter"), (backfillRuns, "counter"), (backfillDuration, "histogram"),
        (backfillRows, "gauge"), (siteBuilds, "counter"), (siteBuildDuration, "histogram"), (buildAge, "gauge"),
        (jobSuccess, "gauge"), (jobLastRun, "gauge"), (jobFailures, "counter"), (notifications, "counter"),
    ]

    /// The names `serve` exports (after its first backfill for `backfillRows`).
    public static let server: Set<String> = [
        httpRequests, httpRequestDuration, staticCacheHits, staticCacheMisses, staticBytes, logins, connectionsRefused,
        backfillRuns, backfillDuration, backfillRows, siteBuilds, siteBuildDuration, buildAge, notifications,
    ]

    /// The names `run`, `backfill` and `build` write (`backfillRows` once a backfill ran).
    public static let jobs: Set<String> = [
        backfillRuns, backfillDuration, backfillRows, siteBuilds, siteBuildDuration, jobSuccess, jobLastRun,
        jobFailures, notifications,
    ]
}
