import Foundation
import HTTPTypes
import Hummingbird
import SiteBuilder
import SiteMetrics

/// `GET /metrics`: the Prometheus text format, only for clients in `--metrics-allow` (loopback
/// unless given), never behind the login. Others get 403 whatever their session.
struct MetricsRoute: Sendable {
    let metrics: SiteMetrics
    /// The clients allowed (`--metrics-allow`), as a set of networks.
    let allowed: TrustedProxies
    /// The served site, for the age of its build.
    let site: URL

    func add(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, context in
            guard allowed.isTrusted(context.clientAddress) else {
                return Response(
                    status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: .init(string: "metrics are served only to --metrics-allow addresses\n")))
            }
            metrics.buildAge(seconds: BuiltSite.builtAt(site).map { max(0, Date().timeIntervalSince($0)) })
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: .init(bytes: metrics.exposition())))
        }
    }
}
