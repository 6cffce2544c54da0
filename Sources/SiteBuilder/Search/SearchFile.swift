import Foundation

/// The search index's files: JavaScript that hands its data to the search page (`<script>`
/// loading works from `file://`, where `fetch` does not), read back by incremental builds. The
/// data is a Codable value of the ``SearchRow`` family, written and read by one encoder.
enum SearchFile {
    /// `TS_SEARCH_LOAD("name",<value as JSON>);` and a newline.
    static func script(_ name: String, _ value: some Encodable) throws -> [UInt8] {
        try script(name, json: OwnFiles.compact(value))
    }

    /// The script of a value already encoded (`OwnFiles.compact`).
    static func script(_ name: String, json: [UInt8]) throws -> [UInt8] {
        try script(name, reserving: json.count) { $0 += json }
    }

    /// The script of a value that `body` appends to the bytes (in one buffer, of about
    /// `reserving` bytes of JSON: a large value is not copied again).
    static func script(_ name: String, reserving: Int, _ body: (inout [UInt8]) -> Void) throws -> [UInt8] {
        var bytes = Array("TS_SEARCH_LOAD(".utf8)
        bytes.reserveCapacity(reserving + name.utf8.count + 24)
        bytes += try OwnFiles.compact(name)
        bytes.append(UInt8(ascii: ","))
        body(&bytes)
        bytes += Array(");\n".utf8)
        return bytes
    }

    /// The value of a published file; nil when it is missing, not ours or not of this shape.
    static func read<Value: Decodable>(_ type: Value.Type, _ url: URL) -> Value? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let bytes = [UInt8](data)
        let prefix = Array("TS_SEARCH_LOAD(".utf8)
        let suffix = Array(");\n".utf8)
        guard bytes.count > prefix.count + suffix.count, bytes.starts(with: prefix),
            bytes.suffix(3).elementsEqual(suffix),
            let comma = Self.endOfName(bytes, from: prefix.count)
        else { return nil }
        return try? OwnFiles.decode(type, Data(bytes[(comma + 1)..<(bytes.count - suffix.count)]))
    }

    /// The position of the comma after the quoted name that starts at `start`.
    private static func endOfName(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.indices.contains(start), bytes[start] == UInt8(ascii: "\"") else { return nil }
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                return bytes.indices.contains(index + 1) && bytes[index + 1] == UInt8(ascii: ",") ? index + 1 : nil
            default: index += 1
            }
        }
        return nil
    }

    /// A stable 64-bit mix of an integer (content-defined chunk boundaries).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
