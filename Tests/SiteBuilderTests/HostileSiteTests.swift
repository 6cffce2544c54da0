import Foundation
import JSONKit
import Markdown
import TestSupport
import Testing

@testable import SiteBuilder

@Suite struct HostileSiteTests {
    /// A site whose every row carries hostile text, with NULLs and non-object JSON in between.
    static func hostileSite() throws -> (SiteFixture, [Int]) {
        let fixture = try SiteFixture.empty()
        var ids: [Int] = []
        for (index, payload) in HostileCorpus.payloads().enumerated() {
            let text = HostileCorpus.strings[index % HostileCorpus.strings.count]
            ids.append(
                try fixture.insert(
                    received: index % 5 == 0 ? nil : "2025-10-0\(index % 9 + 1) 10:00:00", raw: payload,
                    fused: index % 3 == 0
                        ? nil : "{\"trade_id\": \(HostileCorpus.json(text)), \"nested\": {\"x\": [1, 2]}}",
                    error: index % 2 == 0 ? text : nil,
                    handler: index % 4 == 0 ? nil : "{\"run_id\": \(HostileCorpus.json(text))}",
                    ms: index % 6 == 0 ? nil : index))
        }
        ids.append(try fixture.insert(received: nil, raw: nil, fused: nil, error: nil, handler: nil, ms: nil))
        try fixture.build()
        return (fixture, ids)
    }

    @Test func nothingBreaksOutOfTheHTML() throws {
        let (fixture, ids) = try Self.hostileSite()
        let files = try fixture.snapshot().keys
        for path in files where path.hasSuffix(".html") {
            let page = try fixture.read(path)
            // Every page loads assets/app.js; the search page also assets/search.js, the pages
            // with charts assets/charts.js.
            let scripts =
                ["search.html", "index.html", "runs/index.html"].contains(path) || path.hasPrefix("trades/") ? 3 : 2
            #expect(page.components(separatedBy: "<script").count == scripts, "\(path) has an extra script tag")
            #expect(!page.contains("<img"), "\(path)")
            #expect(!page.contains("<svg onload"), "\(path)")
            #expect(!page.contains("href=\"javascript:"), "\(path)")
            #expect(!page.contains(" onerror=\""), "\(path)")
            #expect(!page.contains("onmouseover=\"document"), "\(path)")
            #expect(page.contains("Content-Security-Policy"), "\(path)")
        }
        for id in ids { #expect(fixture.exists("telemetry/\(id).html")) }
        // The search index's files are one call with JSON data each: nothing else can run.
        let index = files.filter { $0.hasPrefix("search/") }
        #expect(index.count > 5)
        for path in index {
            let text = try fixture.read(path)
            #expect(path.hasSuffix(".js") && Self.searchData(text) != nil, "\(path)")
            #expect(try fixture.read(path).hasPrefix("TS_SEARCH_LOAD(\""), "\(path)")
        }
        #expect(try fixture.brokenLinks() == [])
    }

    /// The JSON of `TS_SEARCH_LOAD("name",<JSON>);`, parsed by JSONKit (an outside reader of
    /// what the encoder wrote); nil when the file is anything else.
    static func searchData(_ text: String) -> JSONValue? {
        guard text.hasPrefix("TS_SEARCH_LOAD("), text.hasSuffix(");\n") else { return nil }
        let inner = String(text.dropFirst("TS_SEARCH_LOAD(".count).dropLast(3))
        guard case .array(let parts)? = try? JSONParser.parse("[" + inner + "]"), parts.count == 2,
            case .string = parts[0]
        else { return nil }
        return parts[1]
    }

    @Test func markdownTablesKeepTheirShapeAndRenderSafely() throws {
        let (fixture, _) = try Self.hostileSite()
        for path in try fixture.snapshot().keys where path.hasSuffix(".md") {
            let text = try fixture.read(path)
            var columns: Int?
            var inFence: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let fence = inFence {
                    if line == fence { inFence = nil }
                    continue
                }
                if line.hasPrefix("```") {
                    inFence = String(line.prefix { $0 == "`" })
                    continue
                }
                guard line.hasPrefix("|") else {
                    columns = nil
                    continue
                }
                let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
                if let columns { #expect(cells == columns, "\(path): \(line.prefix(120))") } else { columns = cells }
            }
            #expect(inFence == nil, "\(path) leaves a fence open")
            let html = MarkdownRenderer.html(text)
            #expect(!html.contains("<script"), "\(path)")
            #expect(!html.contains("<img"), "\(path)")
            #expect(!html.contains("href=\"javascript:"), "\(path)")
        }
    }

    @Test func aMegabytePayloadIsCappedWithANote() throws {
        let (fixture, ids) = try Self.hostileSite()
        let big = ids[HostileCorpus.payloads().count - 1]
        let page = try fixture.read("telemetry/\(big).html")
        #expect(page.utf8.count < 400_000)
        #expect(page.contains("Large document: showing the first 64 KiB of"))
        #expect(try fixture.read("telemetry/\(big).md").contains("Large document"))
    }

    @Test func numbersAreShownExactlyAsStored() throws {
        let fixture = try SiteFixture.empty()
        let id = try fixture.insert(
            raw: "{\"price\": 18500.25, \"mfe\": 1.2340, \"huge\": 12345678901234567890.123456789, \"tiny\": 1e-7}")
        try fixture.build()
        let page = try fixture.read("telemetry/\(id).html")
        #expect(page.contains("&#34;price&#34;: 18500.25"))
        #expect(page.contains("&#34;mfe&#34;: 1.2340"))
        #expect(page.contains("&#34;huge&#34;: 12345678901234567890.123456789"))
        #expect(try fixture.read("telemetry/\(id).md").contains("\"price\": 18500.25"))
    }

    /// The compiled renderer against swift-mustache over a whole hostile site.
    @Test func siteBuiltByBothRenderersIsTheSame() throws {
        let (fixture, _) = try Self.hostileSite()
        _ = fixture.backfill()
        let compiled = fixture.folder.appendingPathComponent("compiled")
        let reference = fixture.folder.appendingPathComponent("reference")
        try fixture.build(full: true, into: compiled, workers: 2)
        try fixture.build(full: true, into: reference, referenceRenderer: true, workers: 1)
        let a = try fixture.snapshot(of: compiled)
        let b = try fixture.snapshot(of: reference)
        #expect(a.count > 60)
        #expect(Set(a.keys) == Set(b.keys))
        for (path, digest) in a where path != "build.json" && path != "index.html" {
            #expect(b[path] == digest, "\(path) differs between the renderers")
        }
        let stamp = /Built [0-9T:Z-]+\./
        let indexA = try String(contentsOf: compiled.appendingPathComponent("index.html"), encoding: .utf8)
        let indexB = try String(contentsOf: reference.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(indexA.replacing(stamp, with: "") == indexB.replacing(stamp, with: ""))
    }
}
