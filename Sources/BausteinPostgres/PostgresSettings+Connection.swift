import Foundation
import NIOSSL
import PostgresNIO

extension PostgresSettings {
    /// The connection configuration for PostgresNIO: TLS per `sslmode` as libpq does it, `statement_timeout` and the
    /// application name sent at startup (so that every new connection has them without a round trip).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: try tls())
        configuration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", String(statementTimeoutMilliseconds)),
            ("application_name", "baustein"),
        ]
        return configuration
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        do {
            return try tlsMode()
        } catch let error as PostgresSettingsError {
            throw error
        } catch {
            // NIOSSL reads the root file only here: a file that is no PEM certificate fails now, not at the first connection.
            throw PostgresSettingsError.invalidRootCertificate(path: sslRootCertificate ?? "")
        }
    }

    private func tlsMode() throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let sslRootCertificate {
            guard FileManager.default.fileExists(atPath: sslRootCertificate) else {
                throw PostgresSettingsError.missingRootCertificate(path: sslRootCertificate)
            }
            tls.trustRoots = .file(sslRootCertificate)
        }
        switch sslMode {
        case .disable:
            return .disable
        case .prefer:
            // libpq's prefer encrypts against eavesdropping but checks no certificate.
            tls.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: tls))
        case .require:
            // libpq's require checks the certificate only against a given root (as verify-ca), never the host name.
            tls.certificateVerification = sslRootCertificate == nil ? .none : .noHostnameVerification
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(try NIOSSLContext(configuration: tls))
        }
    }
}
