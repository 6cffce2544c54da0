import ArgumentParser
import Foundation
import SystemIO

/// Database passwords given on the command line: hidden from `ps` once the arguments are
/// parsed, and the files that hold connection strings instead.
enum ConnectionSecrets {
    /// `password` in `scheme://user:password@host` and the value of `password=…` in a keyword
    /// string, each byte replaced by `*` (the argument keeps its length).
    static func masked(_ argument: String) -> String {
        var bytes = Array(argument.utf8)
        let text = argument as NSString
        let range = NSRange(location: 0, length: text.length)
        var hidden = false
        for pattern in patterns {
            for match in pattern.matches(in: argument, range: range) {
                let secret = match.range(at: 1)
                guard secret.location != NSNotFound, secret.length > 0 else { continue }
                let start = text.substring(to: secret.location).utf8.count
                let length = text.substring(with: secret).utf8.count
                for offset in start..<(start + length) { bytes[offset] = 0x2A }
                hidden = true
            }
        }
        return hidden ? String(decoding: bytes, as: UTF8.self) : argument
    }

    private static let patterns = [
        #"://[^/:@\s]*:([^@/\s]+)@"#, #"(?i)\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|[^\s]+)"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// Hides every password in the process's arguments (`ps`, `/proc/<pid>/cmdline`).
    static func scrubProcessArguments() {
        ProcessArguments.rewrite(masked)
    }

    /// The connection string kept in `path`: one line, the file readable by its owner only
    /// (like `~/.pgpass`: a group or world bit is refused).
    static func read(file path: String, option: String) throws -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw ValidationError("\(option): cannot read \(path)")
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0o777
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ValidationError("\(option): \(path) is not a regular file")
        }
        guard mode & 0o077 == 0 else {
            throw ValidationError(
                "\(option): \(path) has group or world access (mode \(String(mode, radix: 8))); "
                    + "permissions should be u=rw (0600) or less: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 * 1024,
            let text = String(data: data, encoding: .utf8)
        else { throw ValidationError("\(option): \(path) is not a UTF-8 text file of at most 64 KiB") }
        let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !url.isEmpty, !url.contains("\n") else {
            throw ValidationError("\(option): \(path) must hold one connection string on one line")
        }
        return url
    }
}
