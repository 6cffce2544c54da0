import JSONKit
import Telemetry
import TestSupport

/// Payloads typed by strangers: each must render as text, never as markup or script.
enum HostileCorpus {
    static let marker = "PWNED"

    static let strings = [
        "<script>document.title='\(marker)'</script>",
        "</script><script>document.title='\(marker)'</script>",
        "<img src=x onerror=\"document.title='\(marker)'\">",
        "\" onmouseover=\"document.title='\(marker)'\" x=\"",
        "' onfocus='document.title=1' autofocus='",
        "javascript:document.title='\(marker)'",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<svg onload=alert(1)>",
        "| pipe | in | cells |",
        "```\nfence break\n```",
        "`tick` ``double`` ````quad````",
        "**bold** _em_ [link](javascript:alert(1)) ![img](x)",
        "line one\nline two\r\nline three",
        "\u{202E}gnirts desrever\u{202C} and \u{200F}rtl mark",
        "emoji 🚀📉🔥 and 中文 and עברית",
        "<!-- comment --> <![CDATA[x]]> &amp; &lt;",
        "{{mustache}} {{{triple}}}",
    ]

    /// JSON text for raw payloads: objects, non-objects, deep nesting and a megabyte string.
    static func payloads() -> [String] {
        var out = strings.map {
            "{\"trade_id\": \(json($0)), \"event_type\": \(json($0)), \"comment\": \(json($0)), \(json($0)): 1}"
        }
        out.append("[1, \"<script>alert(1)</script>\", null]")
        out.append("\"</script><script>alert(1)</script>\"")
        out.append("12345678901234567890.123456789")
        out.append("null")
        out.append(String(repeating: "[", count: 200) + "\"deep<b>\"" + String(repeating: "]", count: 200))
        out.append("{\"big\": \"" + String(repeating: "<b>x</b>|", count: 120_000) + "\"}")
        return out
    }

    static func json(_ text: String) -> String { JSONText.string(text) }
}
