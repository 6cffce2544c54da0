import Hummingbird
import SiteMetrics

/// Counts every routed answer by route class and status, and times it (answers from the
/// static fast path are counted there). An error a handler throws is counted with its status,
/// then thrown on to Hummingbird.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: SiteMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let route = SiteMetrics.RouteClass(path: request.uri.path)
        do {
            let response = try await next(request, context)
            metrics.request(route, status: response.status.code, duration: ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.request(route, status: status, duration: ContinuousClock.now - started)
            throw error
        }
    }
}
