import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import Telemetry

/// The JSON API: the session's CSRF token, the guarded backfill, health.
struct APIRoutes: Sendable {
    static let backfillPath = "/api/automated-signals/telemetry/backfill"

    let service: BackfillService
    let health: HealthMonitor
    let readiness: Readiness

    func add(to router: Router<AppRequestContext>) {
        router.get("/api/session") { _, context in
            guard let session = context.session else { return JSONResponse.error(.unauthorized, "login required") }
            return JSONResponse.make(.ok, ["user": session.user, "csrf": session.csrf])
        }
        router.post(RouterPath(Self.backfillPath)) { request, context in try await backfill(request, context) }
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on(RouterPath(Self.backfillPath), method: method) { _, _ in
                var response = JSONResponse.error(.methodNotAllowed, "use POST")
                response.headers[.allow] = "POST"
                return response
            }
        }
        router.get("/readyz") { _, _ in
            let status = readiness.isStopping ? "stopping" : service.site.isLoaded ? "ready" : "loading"
            return JSONResponse.make(status == "ready" ? .ok : .serviceUnavailable, ["status": status])
        }
        router.get("/healthz") { _, _ in
            let state = health.current()
            let age = state.checkedAt.map { Int((ContinuousClock.now - $0).components.seconds) }
            return JSONResponse.make(
                .ok, HealthBody(status: "ok", database: state.database.rawValue, checkedSecondsAgo: age))
        }
    }

    private func backfill(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { return JSONResponse.error(.unauthorized, "login required") }
        guard let token = request.headers[.xCSRFToken], token == session.csrf else {
            return JSONResponse.error(.forbidden, "missing or wrong X-CSRF-Token")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            return JSONResponse.error(.contentTooLarge, "the body is larger than 16 KiB")
        }
        var limit = BackfillLimit.defaultValue
        if body.readableBytes > 0 {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/json") else {
                return JSONResponse.error(.unsupportedMediaType, "send application/json")
            }
            switch Self.parseLimit(Data(body.readableBytesView)) {
            case .success(let value): limit = value ?? limit
            case .failure(let error): return JSONResponse.error(.badRequest, error.message)
            }
        }
        switch service.gate.enter() {
        case .connecting:
            let seconds = service.options.backfillConnectTimeout
            var response = JSONResponse.make(
                .serviceUnavailable,
                Busy(
                    success: false, error: "a backfill is already waiting on the database; try again later",
                    waiting: true, retryAfter: seconds))
            response.headers[.retryAfter] = String(seconds)
            return response
        case .running: return JSONResponse.error(.conflict, BackfillOutcome.alreadyRunningMessage)
        case nil: break
        }
        defer { service.gate.leave() }
        let (outcome, full) = try await service.run(limit: limit, user: session.user)
        // The log has where the database is; the answer says what failed.
        let answer = full.withoutConnectionDetails()
        switch outcome.failure {
        case .alreadyRunning: return JSONResponse.error(.conflict, BackfillOutcome.alreadyRunningMessage)
        case .some: return JSONResponse.make(.internalServerError, answer)
        case nil: return JSONResponse.make(.ok, answer)
        }
    }

    struct HealthBody: Encodable {
        var status: String
        var database: String
        var checkedSecondsAgo: Int?

        enum CodingKeys: String, CodingKey {
            case status, database
            case checkedSecondsAgo = "checked_seconds_ago"
        }
    }

    /// The answer while another backfill of this server waits for the database.
    struct Busy: Encodable {
        var success: Bool
        var error: String
        /// True: the backfill in flight is still opening its connection.
        var waiting: Bool
        /// Seconds after which it will have connected or given up.
        var retryAfter: Int

        enum CodingKeys: String, CodingKey {
            case success, error, waiting
            case retryAfter = "retry_after"
        }
    }

    struct BadRequest: Error {
        var message: String
    }

    /// `{"limit": N}` with N an integer (any size: it is clamped), or `{}`.
    static func parseLimit(_ data: Data) -> Result<Int?, BadRequest> {
        struct Body: Decodable {
            var limit: Limit?
        }
        struct Limit: Decodable {
            var value: Int?
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if container.decodeNil() {
                    value = nil
                } else if let integer = try? container.decode(Int.self) {
                    value = integer
                } else {
                    let double = try container.decode(Double.self)
                    guard double.isFinite, double.rounded() == double else {
                        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
                    }
                    value = double >= 9.2e18 ? Int.max : double <= -9.2e18 ? Int.min : Int(double)
                }
            }
        }
        guard (try? JSONParser.parse(String(decoding: data, as: UTF8.self))) != nil else {
            return .failure(BadRequest(message: "malformed JSON"))
        }
        do {
            return .success(try JSONDecoder().decode(Body.self, from: data).limit?.value)
        } catch {
            return .failure(BadRequest(message: "the body must be an object whose limit is an integer"))
        }
    }
}
