import HTTPTypes
public import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

// `@testable` only for `TestResponse`'s memberwise initializer, which the module does not make public: a
// `TestClientProtocol` must answer with one. SwiftPM builds every module testable in debug.
@testable public import HummingbirdTesting

/// How long a live test's client waits for an answer before it fails. HummingbirdTesting's `.live`
/// waits 20 s and cannot be told otherwise; under a sanitizer on two cores, with every test's
/// server sharing one event loop group beside site builds and PostgreSQL clusters, an answer once
/// took longer than that (nine tests failed together in one CI run). The servers' own header and
/// idle timeouts in `ServerFixture` are 120 s for the same reason.
public let liveAnswerTimeout: Duration = .seconds(120)

extension ApplicationProtocol {
    /// Runs the application on a free loopback port and `test` with a client connected to it;
    /// `.test(.live)` with `liveAnswerTimeout` as the client's read timeout.
    public func testLive<Value>(_ test: @Sendable (any TestClientProtocol) async throws -> Value)
        async throws -> Value
    {
        let application = PortReportingApplication(base: self)
        let services = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var ports = application.ports.makeAsyncIterator()
            guard let port = await ports.next() else { throw TestSupportError("the server stopped before it listened") }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: liveAnswerTimeout))
            client.connect()
            do {
                let value = try await test(LiveClient(client: client, port: port))
                try await client.shutdown()
                await services.triggerGracefulShutdown()
                return value
            } catch {
                try? await client.shutdown()
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// The client `testLive` hands a test: every request on one kept-alive connection.
private struct LiveClient: TestClientProtocol {
    let client: TestClient
    let port: Int?

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> TestResponse
    {
        var headers = headers
        headers[.connection] = "keep-alive"
        let request = TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body)
        let response = try await client.execute(request)
        return TestResponse(
            head: response.head, body: response.body ?? ByteBuffer(), trailerHeaders: response.trailerHeaders)
    }
}

/// The application under test, bound to a free port on 127.0.0.1, reporting that port once it
/// listens.
private struct PortReportingApplication<Base: ApplicationProtocol>: ApplicationProtocol, Service {
    let base: Base
    let ports: AsyncStream<Int>
    private let reporter: AsyncStream<Int>.Continuation

    init(base: Base) {
        self.base = base
        (ports, reporter) = AsyncStream<Int>.makeStream()
    }

    var responder: Base.Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration {
        base.configuration.with(address: .hostname("127.0.0.1", port: 0))
    }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        if let port = channel.localAddress?.port { reporter.yield(port) }
        reporter.finish()
    }
}
