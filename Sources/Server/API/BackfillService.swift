import Foundation
import Logging
import NIOPosix
import Redaction
import RunSummaries
import SiteBuilder
import Telemetry

/// Runs a backfill for the HTTP endpoint off the event loop (libpq and the file system block),
/// then the incremental site build, then drops the static cache so the next page is fresh.
public struct BackfillService: Sendable {
    let options: ServerOptions
    let site: StaticSite
    let logger: Logger
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
        let logger = self.logger
        let result = try await BlockingPools.shared.jobs.runIfActive {
            let redactor = try options.redaction.redactor(stateDirectory: options.stateDirectory)
            var job = BackfillJob(
                databaseURL: options.databaseURL, stateDirectory: options.stateDirectory,
                reporting: .markdown(redactor: redactor))
            job.connectTimeout = options.backfillConnectTimeout
            var reached = false
            let result = job.run(
                BackfillOptions(limit: BackfillLimit(requested: limit), trigger: .http(user: user)), logger: logger,
                connected: {
                    reached = true
                    gate.connected()
                })
            guard !result.outcome.wasAlreadyRunning else {
                return (result, Answer(report: result.report, siteRebuilt: false))
            }
            guard reached else {
                let reason = "not rebuilt: the database did not answer the backfill"
                return (result, Answer(report: result.report, siteRebuilt: false, siteError: reason))
            }
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
                return (result, Answer(report: result.report, siteRebuilt: true))
            } catch {
                let message = job.reporting.redactText("\(error)")
                logger.error("site rebuild after backfill failed", metadata: ["error": "\(message)"])
                return (result, Answer(report: result.report, siteRebuilt: false, siteError: message))
            }
        }
        site.invalidate()
        return (result.0.outcome, result.1)
    }
}
