import Testing

@testable import Redaction

/// The shapes an attack probe saw published (each one kept its secret on main before this
/// round), as free text and as JSON, and the look-alikes that must stay visible.
@Suite struct ProbeShapesTests {
    static let redactor = RedactorTests.redactor

    static func redactText(_ text: String) -> String {
        var counts = Redactor.Counts()
        return redactor.redactText(text, counts: &counts)
    }

    /// (what, text, the part that must not show, the part that must stay)
    static let freeText: [(String, String, String, String)] = [
        (
            "Basic credential", "upstream said Authorization: Basic dXNlcjpwYXNzd29yZA== (401)", "dXNlcjpwYXNzd29yZA",
            "(401)"
        ),
        (
            "postgres URL", "connect postgres://trader:s3cret-pw@db.internal:5432/x failed", "s3cret-pw",
            "@db.internal:5432"
        ),
        ("https URL", "GET https://u:pa55word@api.example.com/v1 refused", "pa55word", "api.example.com/v1"),
        ("Api Key with a space", "bad header Api Key: key-998877 seen", "key-998877", "bad header"),
        ("pw=", "login pw=hunter22 rejected", "hunter22", "login"),
        ("pwd:", "pwd: zz-top-77", "zz-top-77", "pwd"),
        ("pass=", "smtp pass=letmein-9 failed", "letmein-9", "smtp"),
        ("access_key", "access_key=AbCdEf123456 denied", "AbCdEf123456", "denied"),
        (
            "PGP private key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0abc\n-----END PGP PRIVATE KEY BLOCK-----",
            "lQOYBF0abc", ""
        ),
        (
            "Google API key", "maps key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW here",
            "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "here"
        ),
        (
            "SoftLayer URL", "https://api.softlayer.com/soap/v3/" + String(repeating: "a1", count: 32),
            String(repeating: "a1", count: 32), "api.softlayer.com"
        ),
    ]

    @Test(arguments: freeText.map { [$0.0, $0.1, $0.2, $0.3] })
    func probeShapesInFreeTextAreMasked(entry: [String]) {
        let out = Self.redactText(entry[1])
        #expect(!out.contains(entry[2]), "\(entry[0]): \(out)")
        #expect(out.contains("[redacted:"), "\(entry[0]): \(out)")
        #expect(out.contains(entry[3]), "\(entry[0]) lost its context: \(out)")
    }

    @Test func probeKeysInJSONAreMasked() {
        var counts = Redactor.Counts()
        let out = Self.redactor.redactJSON(
            #"{"pwd": "a1", "pass": "a2", "db_pass": "a3", "smtpPass": "a4", "access_key": "a5", "pw": "a6", "url": "postgres://u:a7-secret@h/db"}"#,
            counts: &counts)
        for secret in ["\"a1\"", "\"a2\"", "\"a3\"", "\"a4\"", "\"a5\"", "\"a6\"", "a7-secret"] {
            #expect(!out.contains(secret), "\(secret): \(out)")
        }
        #expect(out.contains("postgres://u:[redacted:url-password:"))
    }

    @Test func lookAlikesStayVisible() {
        var counts = Redactor.Counts()
        let document =
            #"{"passed": true, "bypass": "filter", "compass": "N", "pwr": 3, "session": "Asia", "note": "Basic validation failed", "apex": "APEX1", "url": "https://example.com/path?a=1"}"#
        #expect(Self.redactor.redactJSON(document, counts: &counts) == document)
        #expect(counts.isEmpty)
        for text in [
            "Basic validation failed at step 3", "auth failed: user not found", "mail me at trader@example.com",
            "https://example.com:8443/x",
        ] {
            #expect(Self.redactText(text) == text, "\(text)")
        }
    }
}
