import Foundation
import Server
import TestSupport
import Testing

/// `serve --tls-cert --tls-key`: HTTPS with a certificate made here, verified by the client;
/// a login over it gets a `Secure` cookie without `--secure-cookies`.
@Suite struct TLSServeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e/tls_login.py")

    /// A self-signed certificate for 127.0.0.1 and its key, made with openssl.
    static func certificate(in folder: URL) throws -> (certificate: URL, key: URL) {
        let (certificate, key) = (folder.appendingPathComponent("cert.pem"), folder.appendingPathComponent("key.pem"))
        let run = try ToolRun.run(
            program: "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
                "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.path, "-out",
                certificate.path,
            ])
        guard run.status == 0 else { throw TestSupportError("openssl: \(run.stderr)") }
        return (certificate, key)
    }

    @Test func aLoginOverVerifiedTLSGetsASecureCookie() throws {
        let fixture = try ServerFixture(trades: 2)
        let (certificate, key) = try Self.certificate(in: fixture.site.folder)
        let port = try TestPorts.free()
        let server = try Spawned(
            program: ToolRun.executable.path,
            [
                "serve", "--site", fixture.options.site.path, "--users", fixture.options.users.path, "--state-dir",
                fixture.options.stateDirectory.path, "--port", String(port), "--tls-cert", certificate.path,
                "--tls-key", key.path,
            ],
            environment: ["DATABASE_URL": fixture.site.database.url])
        defer { kill(server.pid, SIGKILL) }
        #expect(try TestPorts.waitForListener(port), "\(server.stderr)")
        let run = try ToolRun.run(
            program: "/usr/bin/env",
            [
                "python3", Self.script.path, "https://127.0.0.1:\(port)", certificate.path, "alice",
                ServerFixture.password,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["login"] as? Int == 303)
        let cookie = try #require(object["set_cookie"] as? String)
        #expect(cookie.hasPrefix("ts_session=") && cookie.contains("Secure"), "\(cookie)")
        #expect(object["session"] as? Int == 200)
        #expect(["TLSv1.2", "TLSv1.3"].contains(object["version"] as? String ?? ""))
        #expect(object["tls11_refused"] as? Bool == true)

        // Plain HTTP on the TLS port gets no page.
        let plain = try RawHTTP(port: port)
        plain.send("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(!plain.readToClose().text.contains("HTTP/1.1 200"))
    }

    @Test func aKeyThatDoesNotFitIsAClearError() throws {
        let fixture = try ServerFixture(trades: 2)
        let first = try Self.certificate(in: fixture.site.folder)
        let otherFolder = fixture.site.folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherFolder, withIntermediateDirectories: true)
        let other = try Self.certificate(in: otherFolder)
        let run = try ToolRun.run(
            [
                "serve", "--site", fixture.options.site.path, "--users", fixture.options.users.path, "--port",
                String(try TestPorts.free()), "--tls-cert", first.certificate.path, "--tls-key", other.key.path,
            ])
        #expect(run.status != 0)
        #expect(run.stderr.contains("does not fit the certificate"), "\(run.stderr)")
    }
}
