import Foundation
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
            throw TLSFilesError(message: "\(files.certificate.path) holds no PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw TLSFilesError(message: "\(files.certificate.path) holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.key.path, format: .pem)
        } catch {
            throw TLSFilesError(message: "\(files.key.path) holds no PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSFilesError(
                message: "the key \(files.key.path) does not fit the certificate \(files.certificate.path) (\(error))")
        }
        return configuration
    }
}

/// TLS files that cannot be used.
struct TLSFilesError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
