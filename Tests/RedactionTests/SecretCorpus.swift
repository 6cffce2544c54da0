/// Secrets as they turn up in webhook payloads, handler results and error text: each `secret`
/// must be masked wherever `document` puts it. Also used, as a copy, by the site's test.
enum SecretCorpus {
    static let pem = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
        VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
        -----END RSA PRIVATE KEY-----
        """

    /// (what, secret, JSON document holding it)
    static let entries: [(String, String, String)] = [
        ("passphrase", "hunter2-tv-alert", #"{"trade_id": "T-1", "passphrase": "hunter2-tv-alert"}"#),
        ("Passphrase mixed case", "MixedCase-pp-778", #"{"Passphrase": "MixedCase-pp-778"}"#),
        ("token", "tok_9f8e7d6c5b4a", #"{"token": "tok_9f8e7d6c5b4a", "session": "London"}"#),
        ("api_key", "ak-7781-value", #"{"api_key": "ak-7781-value"}"#),
        ("X-Api-Key", "xak-00112233", #"{"headers": {"X-Api-Key": "xak-00112233"}}"#),
        ("apiKey", "camel-key-445566", #"{"apiKey": "camel-key-445566"}"#),
        ("API_KEY", "upper-key-778899", #"{"API_KEY": "upper-key-778899"}"#),
        ("password", "P@ssw0rd!2026", #"{"login": {"password": "P@ssw0rd!2026"}}"#),
        ("client_secret", "cs-abcdef123456", #"{"oauth": {"client_secret": "cs-abcdef123456"}}"#),
        ("Authorization", "Basic dXNlcjpwYXNzd29yZA==", #"{"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}"#),
        ("cookie", "sid=abc123def456", #"{"Cookie": "sid=abc123def456"}"#),
        ("signature", "sig-f00dfeed", #"{"hook_signature": "sig-f00dfeed"}"#),
        ("private_key", "pk-inline-material", #"{"private_key": "pk-inline-material"}"#),
        ("credentials object", "cred-5566", #"{"credentials": {"user": "bot", "pin": "cred-5566"}}"#),
        ("passwd deep", "deep-pw-99", #"{"a": {"b": {"c": {"passwd": "deep-pw-99"}}}}"#),
        ("secret in an array", "arr-secret-1", #"{"keys": [{"secret": "arr-secret-1"}, {"id": 2}]}"#),
        ("token as a number", "918273645", #"{"auth_pin": 918273645}"#),
        ("JSON inside a string", "nested-inner-secret", #"{"body": "{\"token\": \"nested-inner-secret\"}"}"#),
        ("bearer in text", "b3ar3r-abcdefghij0123", #"{"note": "called upstream with Bearer b3ar3r-abcdefghij0123"}"#),
        (
            "JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            #"{"jwt_in_text": "got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U back"}"#
        ),
        ("AWS access key id", "AKIAIOSFODNN7EXAMPLE", #"{"aws": "AKIAIOSFODNN7EXAMPLE"}"#),
        (
            "GitHub token", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            #"{"x": "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}"#
        ),
        (
            "GitHub PAT", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
            #"{"x": "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"}"#
        ),
        ("Slack token", "xoxb-1234567890-abcdefghijKLMN", #"{"notify": "xoxb-1234567890-abcdefghijKLMN"}"#),
        (
            "Slack webhook", "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx",
            #"{"hook": "https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx"}"#
        ),
        ("Stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", #"{"billing": ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]}"#),
        (
            "PEM private key", "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
            #"{"pem": "\#(pem.replacingNewlines())"}"#
        ),
        ("Visa card", "4111 1111 1111 1111", #"{"memo": "paid with 4111 1111 1111 1111 today"}"#),
        ("Mastercard", "5500-0000-0000-0004", #"{"card": "5500-0000-0000-0004"}"#),
        ("Amex", "378282246310005", #"{"memo": "amex 378282246310005"}"#),
        (
            "header list", "hdr-token-3141",
            #"{"headers": [["x-auth-token", "ignored"], {"X-Auth-Token": "hdr-token-3141"}]}"#
        ),
    ]

    /// Values that look secret-ish but are not, and the trading fields: never masked.
    static let visible: [(String, String)] = [
        (
            "session",
            #"{"session": "London", "bias": "Bullish", "entry_price": 18500.25, "trade_id": "20250902_1100_S_141"}"#
        ),
        ("a price with many digits", #"{"mfe": 1234567890123.5}"#),
        ("a Luhn-failing card-like number", #"{"ref": "4111 1111 1111 1112"}"#),
        ("an epoch in milliseconds", #"{"ts": 1732891234567}"#),
    ]
}

extension String {
    /// Line breaks as `\n` escapes, for a JSON string literal.
    func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
    }
}
