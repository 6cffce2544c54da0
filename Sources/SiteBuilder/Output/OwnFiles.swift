import Foundation

/// The one way our own files are written and read: Codable values through one encoder setup
/// (search index, `build.json`, `exports/index.json`, the manifest). Documents from outside go
/// through JSONKit instead, which keeps their numbers' digits.
enum OwnFiles {
    /// Compact JSON, keys sorted (the same bytes every time), `/` unescaped.
    static func compact(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    /// Indented JSON with sorted keys (files people read), `/` unescaped.
    static func pretty(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    /// A value decoded from `data`.
    static func decode<Value: Decodable>(_ type: Value.Type, _ data: Data) throws -> Value {
        try JSONDecoder().decode(type, from: data)
    }
}
