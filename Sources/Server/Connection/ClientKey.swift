import Foundation
import NIOCore

/// Who a connection counts against: its IPv4 address, or the /64 network of its IPv6 address
/// (one subscriber's allocation: an attacker holding a /64 is one client, not 2^64).
enum ClientKey {
    static func of(_ address: SocketAddress?) -> String {
        guard let ip = address?.ipAddress else { return "unknown" }
        guard ip.contains(":") else { return ip }
        if let mapped = ip.split(separator: ":").last, mapped.contains(".") { return String(mapped) }
        guard let groups = expanded(ip) else { return ip }
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// The eight groups of an IPv6 address (`::` filled with zeros), lowercased; nil when it is
    /// not one.
    static func expanded(_ text: String) -> [String]? {
        let address = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        let head =
            halves[0].isEmpty ? [] : halves[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let tail =
            halves.count == 2 && !halves[1].isEmpty
            ? halves[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
        let missing = 8 - head.count - tail.count
        guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
        let groups = head + Array(repeating: "0", count: halves.count == 2 ? missing : 0) + tail
        guard groups.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return groups.map { String(UInt16($0, radix: 16) ?? 0, radix: 16) }
    }
}
