import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite struct StaticFilesTests {
    @Test func pagesHaveTypesValidatorsAndSecurityHeaders() async throws {
        let fixture = try ServerFixture(public: true)
        try await fixture.application().test(.router) { client in
            let etag = try await client.execute(uri: "/index.html", method: .get) { response -> String in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(String(buffer: response.body).contains("Automated signals telemetry"))
                return response.headers[.eTag] ?? ""
            }
            #expect(etag.hasPrefix("\""))
            try await client.execute(uri: "/index.html", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            let modified = try await client.execute(uri: "/assets/style.css", method: .get) { response -> String in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                return response.headers[.lastModified] ?? ""
            }
            try await client.execute(uri: "/assets/style.css", method: .get, headers: [.ifModifiedSince: modified]) {
                response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/telemetry/1.md", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/markdown; charset=utf-8")
                #expect(Int(response.headers[.contentLength] ?? "") ?? 0 > 0)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/list/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Archive page"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("Automated signals telemetry"))
            }
            try await client.execute(uri: "/no/such/page.html", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("There is no page at this address"))
            }
        }
    }

    @Test(arguments: [
        "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/%252e%252e/etc/passwd",
        "/assets/..%2f..%2f..%2fetc/passwd", "/..\\..\\etc\\passwd", "/index.html%00.css", "/escape/passwd",
        // A dot or NUL followed by a combining mark is one Character that is not "." or "\0";
        // a slash after a prepended mark (U+0600) is one Character that is not "/".
        "/.%CC%81hidden", "/index.html%00%CC%8B.css", "/x%D8%80/..%2F%CC%81/.%CC%81hidden",
    ])
    func nothingOutsideTheSiteIsServed(path: String) async throws {
        let fixture = try ServerFixture(public: true)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.site.out.appendingPathComponent("escape").path, withDestinationPath: "/etc")
        try Data("root:hidden".utf8).write(to: fixture.site.out.appendingPathComponent(".\u{301}hidden"))
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound || response.status == .badRequest, "\(path): \(response.status)")
                #expect(!String(buffer: response.body).contains("root:"), "\(path) served a system file")
            }
        }
    }
}
