public import Foundation
import NIOSSL

/// The server's TLS settings from PEM files: the certificate chain and its key, TLS 1.2 or
/// newer, HTTP/1.1 offered by ALPN.
enum TLSFiles {
    /// Loads `files`; a clear error naming the file when one cannot be read or parsed, or when
    /// the key does not belong to the certificate.
    static func configuration(_ files: (certificate: URL, key: URL)) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificate.path)
        } catch {
            throw TLSFilesError(.certificate, file: files.certificate, underlying: error)
        }
        guard !chain.isEmpty else { throw TLSFilesError(.certificate, file: files.certificate) }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.key.path, format: .pem)
        } catch {
            throw TLSFilesError(.key, file: files.key, underlying: error)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSFilesError(.mismatch, file: files.key, underlying: error, certificate: files.certificate)
        }
        return configuration
    }
}

/// TLS files that cannot be used: which file, why, and the TLS library's own error.
public struct TLSFilesError: Error, CustomStringConvertible, Sendable {
    /// What is wrong with the file.
    public enum Code: String, Sendable {
        /// The certificate file holds no PEM certificate.
        case certificate
        /// The key file holds no PEM private key.
        case key
        /// The key does not belong to the certificate.
        case mismatch
    }

    /// What is wrong.
    public var code: Code
    /// The file at fault (the key for a mismatch).
    public var file: URL
    /// The certificate a mismatched key was checked against.
    public var certificate: URL?
    /// The TLS library's error, when it gave one.
    public var underlying: (any Error)?

    init(_ code: Code, file: URL, underlying: (any Error)? = nil, certificate: URL? = nil) {
        self.code = code
        self.file = file
        self.underlying = underlying
        self.certificate = certificate
    }

    public var description: String {
        let cause = underlying.map { " (\($0))" } ?? ""
        switch code {
        case .certificate: return "\(file.path) holds no PEM certificate\(cause)"
        case .key: return "\(file.path) holds no PEM private key\(cause)"
        case .mismatch:
            return "the key \(file.path) does not fit the certificate \(certificate?.path ?? "?")\(cause)"
        }
    }
}
