import Foundation
import HTTPTypes

/// The reverse proxies whose `Forwarded` / `X-Forwarded-For` headers are believed
/// (`--trusted-proxy CIDR`, repeatable). From any other peer the headers are ignored: the client
/// is the peer. From a trusted peer the client is the rightmost address in the header that is
/// not itself a trusted proxy (the hops a client can forge are to its left).
public struct TrustedProxies: Sendable {
    /// One network: an address's bytes (4 for IPv4, 16 for IPv6) and a prefix length.
    public struct Network: Sendable, Equatable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefix: Int

        /// `10.0.0.0/8`, `2001:db8::/32`, or one address (`192.0.2.1`: a /32, `::1`: a /128);
        /// nil when it is none of these.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = TrustedProxies.bytes(of: parts[0]) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...(bytes.count * 8)).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        /// Whether the address with `bytes` is in this network.
        func contains(_ other: [UInt8]) -> Bool {
            guard other.count == bytes.count else { return false }
            var left = prefix
            for (mine, theirs) in zip(bytes, other) where left > 0 {
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if mine & mask != theirs & mask { return false }
                left -= 8
            }
            return true
        }

        public var description: String {
            let address =
                bytes.count == 4
                ? bytes.map(String.init).joined(separator: ".")
                : stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
                }
                .joined(separator: ":")
            return "\(address)/\(prefix)"
        }
    }

    /// The trusted networks (none: every header is ignored).
    public var networks: [Network]

    /// Trusts `networks`.
    public init(_ networks: [Network] = []) {
        self.networks = networks
    }

    /// Whether `address` (text) is a trusted proxy.
    public func isTrusted(_ address: String) -> Bool {
        guard !networks.isEmpty, let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client of a request that came from `peer` with `headers`.
    func client(peer: String, headers: HTTPFields) -> String {
        guard isTrusted(peer) else { return peer }
        let hops: [String]
        if let forwarded = headers[values: HTTPField.Name("Forwarded")!].nonEmpty {
            hops = forwarded.flatMap(Self.forwardedFor)
        } else {
            hops = headers[values: HTTPField.Name("X-Forwarded-For")!].flatMap {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
        // A hop that is not an address (`unknown`, an obfuscated name, garbage) ends the walk:
        // nothing to its left can be believed, and it cannot be a key of its own.
        var client = peer
        for hop in hops.reversed() {
            guard let address = Self.address(hop) else { return client }
            client = address
            if !isTrusted(address) { return address }
        }
        return client
    }

    /// The `for=` values of a `Forwarded` header, in order (RFC 7239).
    static func forwardedFor(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { element in
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "for" else {
                    continue
                }
                return parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
            return "unknown"
        }
    }

    /// The address in a hop (`192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711`, `2001:db8::1`)
    /// in canonical text, nil when it holds none.
    static func address(_ hop: String) -> String? {
        var text = hop
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1 {
            text = String(text.split(separator: ":")[0])
        }
        guard let bytes = bytes(of: text) else { return nil }
        return Network(text).map { _ in
            bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : text.lowercased()
        }
    }

    /// The bytes of an IPv4 or IPv6 address (an IPv4-mapped IPv6 address as IPv4).
    static func bytes(of text: String) -> [UInt8]? {
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            let octets = parts.compactMap { $0.count <= 3 && $0.allSatisfy(\.isASCII) ? UInt8($0) : nil }
            return octets.count == 4 ? octets : nil
        }
        if let last = text.split(separator: ":").last, last.contains("."), text.lowercased().hasPrefix("::ffff:") {
            return bytes(of: String(last))
        }
        guard let groups = ClientKey.expanded(text) else { return nil }
        return groups.flatMap { group -> [UInt8] in
            let value = UInt16(group, radix: 16) ?? 0
            return [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
    }
}

extension Array {
    /// nil when empty.
    fileprivate var nonEmpty: Self? { isEmpty ? nil : self }
}
