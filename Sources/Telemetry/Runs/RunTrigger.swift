/// Who started a backfill run. Stored in run records as text: `cli`, or `http:<user>` for the
/// server's endpoint (a user name may hold any character but `:` and line breaks).
public enum RunTrigger: Equatable, Sendable, Codable, CustomStringConvertible {
    /// The command line (or cron).
    case commandLine
    /// `POST /api/automated-signals/telemetry/backfill` by a logged-in user.
    case http(user: String)
    /// Something this version does not know (a record written by another tool), kept as it was.
    case other(String)

    /// Reads the stored form (`cli`, `http:<user>`; anything else is kept as it is).
    public init(_ text: String) {
        if text == "cli" {
            self = .commandLine
        } else if text.hasPrefix("http:") {
            self = .http(user: String(text.dropFirst(5)))
        } else {
            self = .other(text)
        }
    }

    public var description: String {
        switch self {
        case .commandLine: "cli"
        case .http(let user): "http:\(user)"
        case .other(let text): text
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
}
