import JSONKit
import Testing

@testable import Redaction

/// Redaction of decoded documents: what the site publishes is what the text path gives, the
/// masked value and its text agree, and a document without secrets keeps its stored bytes.
@Suite struct DocumentRedactionTests {
    static let redactor = RedactorTests.redactor

    @Test(arguments: SecretCorpus.entries.map { [$0.0, $0.1, $0.2] })
    func aDecodedDocumentIsMaskedAsItsText(entry: [String]) throws {
        let (what, secret, text) = (entry[0], entry[1], entry[2])
        var counts = Redactor.Counts()
        let masked = Self.redactor.redact(JSONDocument(text: text), counts: &counts)
        #expect(!masked.text.contains(secret), "\(what) leaked: \(masked.text)")
        #expect(masked.text == RedactorTests.redact(text).0, "\(what)")
        #expect(counts == RedactorTests.redact(text).1, "\(what)")
        // The value handed on is the masked one: its text is the document's text.
        let value = try #require(masked.value, "\(what)")
        #expect(try JSONParser.parse(masked.text) == value, "\(what)")
    }

    @Test func aDocumentWithoutSecretsKeepsItsStoredBytes() {
        // PostgreSQL's jsonb spacing and the digits as stored; re-serialising would change both.
        // The order number looks like a card (16 digits) but fails the Luhn check: the document
        // passes the prefilter, is walked, and nothing in it is masked.
        let stored = #"{"mfe": 1.5000, "order": "4111111111111112", "nested": {"list": [1, 2.50, "x"]}}"#
        var counts = Redactor.Counts()
        let document = JSONDocument(text: stored)
        #expect(Self.redactor.redact(document, counts: &counts) == document)
        #expect(counts.isEmpty)
    }

    @Test func aDocumentTooDeepToParseIsMaskedAsText() throws {
        let secret = "sk_live_" + String(repeating: "a1B2", count: 6)
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth + 1) + "\"\(secret)\""
            + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        let document = JSONDocument(text: deep)
        #expect(document.value == nil)
        #expect(document.text == deep)
        var counts = Redactor.Counts()
        let masked = Self.redactor.redact(document, counts: &counts)
        #expect(!masked.text.contains(secret))
        #expect(masked.value == nil)
    }
}
