import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// `sslmode` as libpq means it, against the test server's self-signed certificate for `localhost`.
    @Suite(
        "PostgreSQL TLS",
        .enabled(
            if: TestDatabase.serverCertificate != nil,
            "Kein Zertifikat des Testservers (.build-pg/server.crt): BAUSTEIN_TEST_POSTGRES ist ein anderer Server, oder openssl fehlte"))
    struct Encryption {
        static let certificate = TestDatabase.serverCertificate

        /// Whether this connection is encrypted, as the server sees it.
        static func isEncrypted(_ configure: (inout PostgresSettings) -> Void) throws -> Bool {
            var settings = try TestDatabase.serverSettings()
            configure(&settings)
            let database = try PostgresDatabase(settings: settings)
            defer { database.close() }
            return try database.read { try $0.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", as: Bool.self) } ?? false
        }

        @Test func disableConnectsInPlainText() throws {
            #expect(try Self.isEncrypted { $0.sslMode = .disable } == false)
        }

        @Test func preferAndRequireEncryptWithoutCheckingTheCertificate() throws {
            #expect(try Self.isEncrypted { $0.sslMode = .prefer } == true)
            #expect(try Self.isEncrypted { $0.sslMode = .require } == true)
        }

        @Test func verifyFullAcceptsTheServerWithItsRoot() throws {
            #expect(
                try Self.isEncrypted {
                    $0.sslMode = .verifyFull
                    $0.sslRootCertificate = Self.certificate
                    $0.host = "localhost"
                } == true)
        }

        @Test func verifyFullRefusesAnUntrustedCertificate() throws {
            #expect {
                try Self.isEncrypted {
                    $0.sslMode = .verifyFull
                    $0.host = "localhost"
                }
            } throws: { error in
                guard case PostgresStoreError.connectionFailed = error else { return false }
                return true
            }
        }

        @Test func verifyFullRefusesAnotherHostName() throws {
            // The certificate names localhost, not 127.0.0.1.
            #expect(throws: PostgresStoreError.self) {
                try Self.isEncrypted {
                    $0.sslMode = .verifyFull
                    $0.sslRootCertificate = Self.certificate
                    $0.host = "127.0.0.1"
                }
            }
        }

        @Test func anUnreadableRootIsReportedAtOnce() throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("baustein-no-cert-\(UUID().uuidString).pem").path
            try Data("kein Zertifikat".utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            var settings = try TestDatabase.serverSettings()
            settings.sslMode = .verifyFull
            settings.sslRootCertificate = path
            #expect(throws: PostgresSettingsError.invalidRootCertificate(path: path)) { try PostgresDatabase(settings: settings) }
            settings.sslRootCertificate = path + ".missing"
            #expect(throws: PostgresSettingsError.missingRootCertificate(path: path + ".missing")) { try PostgresDatabase(settings: settings) }
        }
    }
}
