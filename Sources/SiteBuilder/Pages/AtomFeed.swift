/// An Atom 1.0 document (RFC 4287) written by hand: every text escaped for XML, characters XML
/// 1.0 cannot carry (most C0 controls, lone surrogates cannot occur in a Swift string, U+FFFE,
/// U+FFFF) replaced by U+FFFD, links relative to the feed.
struct AtomFeed {
    struct Entry: Equatable {
        /// A URI that never changes for this entry.
        var id: String
        var title: String
        /// RFC 3339, UTC.
        var updated: String
        var link: String
        var summary: String
    }

    var id: String
    var title: String
    /// The feed's own path relative to itself (its file name).
    var selfLink: String
    /// The page the feed follows.
    var alternate: String
    var entries: [Entry]

    /// The document. The feed's `updated` is its newest entry's (the epoch when empty), so the
    /// same entries give the same bytes.
    func render() -> String {
        let updated = entries.map(\.updated).max() ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(Self.escape(id))</id>
            <title>\(Self.escape(title))</title>
            <updated>\(Self.escape(updated))</updated>
            <author><name>telemetry-site</name></author>
            <link rel="self" type="application/atom+xml" href="\(Self.escape(selfLink))"/>
            <link rel="alternate" type="text/html" href="\(Self.escape(alternate))"/>

            """
        for entry in entries {
            xml += """
                <entry>
                <id>\(Self.escape(entry.id))</id>
                <title>\(Self.escape(entry.title))</title>
                <updated>\(Self.escape(entry.updated))</updated>
                <link rel="alternate" type="text/html" href="\(Self.escape(entry.link))"/>
                <summary>\(Self.escape(entry.summary))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// Text for XML content or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
