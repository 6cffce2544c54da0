import Crypto

/// The project's hashes and their hex text, written once: SHA-256 (file names, change lists,
/// state keys), HMAC-SHA256 (redaction markers) and FNV-1a (cheap, stable keys where a collision
/// is harmless: anchors, change detection; never for names that must be unique).
public enum Hashing {
    /// The lowercase hex digit of a nibble (0...15).
    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    /// Appends two lowercase hex digits per byte to `out`.
    public static func appendHex(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0F))
        }
    }

    /// Appends the SHA-256 of `bytes` to `out` as 64 lowercase hex digits. (The digest is
    /// copied to an array first: walked as a generic sequence from another module, its hex
    /// took a third as long as the hashing.)
    public static func appendSHA256Hex(of bytes: [UInt8], to out: inout [UInt8]) {
        appendHex(Array(SHA256.hash(data: bytes)), to: &out)
    }

    /// Two lowercase hex digits per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        appendHex(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text` read as pairs of hex digits; nil unless it is exactly that.
    public static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        case 0x41...0x46: digit - 0x41 + 10
        default: nil
        }
    }

    /// The first `count` bytes (all 32 by default) of the SHA-256 of `bytes`, in hex.
    public static func sha256Hex(_ bytes: [UInt8], count: Int = 32) -> String {
        hex(Array(SHA256.hash(data: bytes)).prefix(count))
    }

    /// A SHA-256 fed in pieces: the hash of a text too large to hold whole, written piece by
    /// piece.
    public struct SHA256Stream {
        private var hasher = SHA256()

        /// A hash of nothing yet.
        public init() {}

        /// Adds `bytes` to what is hashed.
        public mutating func update(_ bytes: [UInt8]) {
            hasher.update(data: bytes)
        }

        /// The first `count` bytes (all 32 by default) of the SHA-256 of what was added, in hex.
        public func hex(count: Int = 32) -> String {
            Hashing.hex(Array(hasher.finalize()).prefix(count))
        }
    }

    /// The first `count` bytes of the SHA-256 of `text`'s UTF-8, in hex.
    public static func sha256Hex(_ text: String, count: Int = 32) -> String {
        sha256Hex(Array(text.utf8), count: count)
    }

    /// The first `count` bytes of HMAC-SHA256 of `text`'s UTF-8 under `key`, in hex.
    public static func hmacSHA256Hex(_ text: String, key: [UInt8], count: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        return hex(code.prefix(count))
    }

    /// 8 hex digits of FNV-1a (32 bits) over the UTF-8 bytes, the same in every process.
    public static func fnv1a32Hex(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return withBigEndianBytes(hash) { hex($0) }
    }

    fileprivate static func withBigEndianBytes<T: FixedWidthInteger, R>(_ value: T, _ body: ([UInt8]) -> R) -> R {
        body((0..<T.bitWidth / 8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }
}

/// FNV-1a (64 bits) over a sequence of strings, each followed by a separator byte so that
/// `["ab", "c"]` and `["a", "bc"]` differ: for change detection, not security.
public struct FNV1a64: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty digest.
    public init() {}

    /// Adds `bytes` as they are (no separator).
    public mutating func add(bytes: some Sequence<UInt8>) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
    }

    /// Adds `text` and a separator.
    public mutating func add(_ text: String) {
        add(bytes: text.utf8)
        add(bytes: CollectionOfOne(0xff))
    }

    /// The hash so far.
    public var value: UInt64 { hash }

    /// 16 hex digits.
    public var hex: String {
        Hashing.withBigEndianBytes(hash) { Hashing.hex($0) }
    }
}
