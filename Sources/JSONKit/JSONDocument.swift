/// A JSON column as read once from the database: the text PostgreSQL printed (what exports
/// carry, byte for byte) and its decoded value, parsed a single time when the row is read.
///
/// `value` is nil only when the text is not a document the parser takes (nested deeper than
/// ``JSONParser/maximumDepth``): such a document is shown and exported as stored.
public struct JSONDocument: Sendable, Equatable {
    /// The document's text: as stored, or compact JSON after a change (redaction).
    public let text: String
    /// The decoded document; nil when `text` could not be parsed.
    public let value: JSONValue?

    /// Parses `text` once.
    public init(text: String) {
        self.text = text
        value = try? JSONParser.parse(text)
    }

    /// A document built from `value` (its text is the compact form).
    public init(value: JSONValue) {
        self.value = value
        text = value.compact()
    }

    /// Text kept as it is, without a value (a document the parser refused, masked as free text).
    public static func unparsed(_ text: String) -> JSONDocument { JSONDocument(text: text, value: nil) }

    private init(text: String, value: JSONValue?) {
        self.text = text
        self.value = value
    }

}
