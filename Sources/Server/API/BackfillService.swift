import Foundation
import Logging
import NIOPosix
import Redaction
import RunSummaries
import SiteBuilder
import SiteMetrics
import Telemetry

/// Runs a backfill for the HTTP endpoint off the event loop (libpq and the file system block),
/// then the incremental site build, then drops the static cache so the next page is fresh.
public struct BackfillService: Sendable {
    let options: ServerOptions
    let site: StaticSite
    let logger: Logger
    let metrics: SiteMetrics
    /// The backfill in flight: one at a time per server.
    let gate = BackfillGate()

    /// The endpoint's answer: the backfill report plus whether the site was rebuilt.
    struct Answer: Encodable {
        var report: BackfillReport
        var siteRebuilt: Bool
        var siteError: String?

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(siteRebuilt, forKey: .siteRebuilt)
            try container.encode(siteError, forKey: .siteError)
        }

        enum Keys: String, CodingKey {
            case siteRebuilt = "site_rebuilt", siteError = "site_error"
        }

        /// The answer with no host, port, database, role or URL in its error texts.
        func withoutConnectionDetails() -> Answer {
            Answer(
                report: report.withoutConnectionDetails(), siteRebuilt: siteRebuilt,
                siteError: siteError.map(ConnectionDetails.scrub))
        }
    }

    func run(limit: Int, user: String) async throws -> (outcome: BackfillOutcome, answer: Answer) {
        let options = self.options
        let (logger, metrics) = (self.logger, self.metrics)
        let result = try await BlockingPools.shared.jobs.runIfActive {
            let redactor = try options.redaction.redactor(stateDirectory: options.stateDirectory)
            var job = BackfillJob(
                databaseURL: options.databaseURL, stateDirectory: options.stateDirectory,
                reporting: .markdown(redactor: redactor))
            job.connectTimeout = options.backfillConnectTimeout
            let result = job.run(
                BackfillOptions(limit: BackfillLimit(requested: limit), trigger: .http(user: user)), logger: logger,
                connected: { gate.connected() })
            metrics.backfill(result)
            guard !result.outcome.wasAlreadyRunning else {
                return (result, Answer(report: result.report, siteRebuilt: false))
            }
            guard result.reachedDatabase else {
                let reason = "not rebuilt: the database did not answer the backfill"
                return (result, Answer(report: result.report, siteRebuilt: false, siteError: reason))
            }
            let started = ContinuousClock.now
            do {
                var build = SiteBuildOptions(
                    databaseURL: options.readDatabaseURL ?? options.databaseURL, out: options.site,
                    templates: options.templates,
                    defaultTemplates: options.defaultTemplates, stateDirectory: options.stateDirectory)
                build.redaction = options.redaction
                build.connectTimeout = options.backfillConnectTimeout
                if options.readDatabaseURL != nil && options.replicaWait > .zero {
                    build.catchUp = ReplicaCatchUp(
                        position: try ReplicaCatchUp.primaryPosition(
                            url: options.databaseURL, connectTimeout: options.backfillConnectTimeout),
                        timeout: options.replicaWait)
                }
                _ = try SiteBuilder(options: build, logger: logger).build()
                metrics.siteBuild(succeeded: true, trigger: .backfill, duration: ContinuousClock.now - started)
                return (result, Answer(report: result.report, siteRebuilt: true))
            } catch {
                metrics.siteBuild(succeeded: false, trigger: .backfill, duration: ContinuousClock.now - started)
                let message = job.reporting.redactText("\(error)")
                logger.error("site rebuild after backfill failed", metadata: ["error": "\(message)"])
                return (result, Answer(report: result.report, siteRebuilt: false, siteError: message))
            }
        }
        site.invalidate()
        return (result.0.outcome, result.1)
    }
}
