/// The search files' records are JSON arrays (positions, not keys: the index stays small and
/// `search.js` reads `row[2]`). Encoding one is a list of its fields in order.
extension Encoder {
    /// Encodes `fields` as one JSON array, in order (nil as `null`).
    func encodePositions(_ fields: (any Encodable)?...) throws {
        var container = unkeyedContainer()
        for field in fields {
            if let field { try container.encode(field) } else { try container.encodeNil() }
        }
    }
}

extension Decoder {
    /// The two fields of a JSON array, in order.
    func decodePositions<First: Decodable, Second: Decodable>() throws -> (First, Second) {
        var fields = try unkeyedContainer()
        return (try fields.decode(First.self), try fields.decode(Second.self))
    }
}
