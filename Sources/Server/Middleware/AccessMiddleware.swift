import Hummingbird
import SiteMetrics

/// Records every routed answer: counted and timed by route class and status in the metrics,
/// and one access-log line (answers from the static fast path are recorded there). An error a
/// handler throws is recorded with its status, then thrown on to Hummingbird.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: SiteMetrics
    let log: AccessLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let route = SiteMetrics.RouteClass(path: request.uri.path)
        let status: Int
        let bytes: Int?
        defer {
            let duration = ContinuousClock.now - started
            metrics.request(route, status: status, duration: duration)
            log.record(
                method: request.method.rawValue, target: request.uri.description, status: status, bytes: bytes,
                duration: duration, client: context.clientAddress)
        }
        do {
            let response = try await next(request, context)
            (status, bytes) = (response.status.code, response.body.contentLength)
            return response
        } catch {
            (status, bytes) = ((error as? any HTTPResponseError)?.status.code ?? 500, nil)
            throw error
        }
    }
}
