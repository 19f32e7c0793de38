import BausteinPostgres
import Testing

/// The connection string of `baustein serve --postgres …`: libpq's form, its defaults, and a password that never shows.
@Suite("PostgreSQL settings")
struct PostgresSettingsTests {
    static let secret = "Sehr$geheim"

    @Test func readsEveryPart() throws {
        let settings = try PostgresSettings(
            url: "postgres://anna:pw@db.intern:6543/baustein?sslmode=verify-full&sslrootcert=/etc/ca.pem"
                + "&pool_size=4&statement_timeout=1500&connect_timeout=3")
        #expect(settings.host == "db.intern")
        #expect(settings.port == 6543)
        #expect(settings.user == "anna")
        #expect(settings.password == "pw")
        #expect(settings.database == "baustein")
        #expect(settings.sslMode == .verifyFull)
        #expect(settings.sslRootCertificate == "/etc/ca.pem")
        #expect(settings.poolSize == 4)
        #expect(settings.statementTimeoutMilliseconds == 1500)
        #expect(settings.connectTimeoutSeconds == 3)
    }

    @Test func fillsInDefaults() throws {
        let settings = try PostgresSettings(url: "postgresql://baustein@localhost/baustein")
        #expect(settings.port == 5432)
        #expect(settings.password == nil)
        #expect(settings.sslMode == .prefer)
        #expect(settings.sslRootCertificate == nil)
        #expect(settings.poolSize == 10)
        #expect(settings.statementTimeoutMilliseconds == 30_000)
        #expect(settings.connectTimeoutSeconds == 10)
    }

    @Test func decodesPercentEncodedCredentials() throws {
        let settings = try PostgresSettings(url: "postgres://b%C3%BCro%40stadt:p%40ss%3Aw%2Frd%25@[::1]:5433/st%C3%A4dte")
        #expect(settings.user == "büro@stadt")
        #expect(settings.password == "p@ss:w/rd%")
        #expect(settings.host == "::1")
        #expect(settings.port == 5433)
        #expect(settings.database == "städte")
    }

    @Test func neverShowsThePassword() throws {
        let settings = try PostgresSettings(url: "postgres://anna:\(Self.secret)@db.intern/baustein?sslmode=require")
        #expect(settings.password == Self.secret)
        #expect(
            settings.redacted
                == "postgres://anna:***@db.intern:5432/baustein?sslmode=require&pool_size=10&statement_timeout=30000&connect_timeout=10")
        var dumped = ""
        dump(settings, to: &dumped)
        for shown in [settings.description, settings.debugDescription, String(reflecting: settings), "\(settings)", dumped] {
            #expect(!shown.contains(Self.secret))
            #expect(!shown.contains("geheim"))
        }
    }

    @Test func redactedURLReadsBackToTheSameSettings() throws {
        let settings = try PostgresSettings(url: "postgres://b%C3%BCro@db.intern:6543/st%C3%A4dte?sslmode=disable&pool_size=3")
        let again = try PostgresSettings(url: settings.redacted)
        #expect(again == settings)
    }

    @Test(arguments: [
        ("postgres://anna@db/baustein?sslmode=verify-ca", PostgresSettingsError.unknownSSLMode("verify-ca")),
        ("postgres://anna@db:0/baustein", .invalidPort("0")),
        ("postgres://anna@db:70000/baustein", .invalidPort("70000")),
        ("postgres://anna@db:abc/baustein", .invalidPort("abc")),
        ("postgres://anna@db:5432", .missingDatabase),
        ("postgres://anna@db:5432/", .missingDatabase),
        ("postgres://db:5432/baustein", .missingUser),
        ("postgres://anna@:5432/baustein", .missingHost),
        ("mysql://anna@db/baustein", .unsupportedScheme("mysql")),
        ("db.intern/baustein", .invalidURL),
        ("postgres://anna@db/baustein?ssl_mode=require", .unknownParameter("ssl_mode")),
        ("postgres://anna@db/baustein?pool_size=0", .invalidNumber(parameter: "pool_size", value: "0", allowed: 1...500)),
        ("postgres://anna@db/baustein?connect_timeout=x", .invalidNumber(parameter: "connect_timeout", value: "x", allowed: 1...600)),
    ])
    func refusesUnusableStrings(url: String, expected: PostgresSettingsError) {
        #expect(throws: expected) { try PostgresSettings(url: url) }
        #expect(!expected.description.isEmpty)
    }

    @Test func errorsNeverRepeatThePassword() {
        // An unencoded '/' in the password breaks the URL; the error must not quote what it could not read.
        let url = "postgres://anna:\(Self.secret)/x@db.intern/baustein"
        do {
            _ = try PostgresSettings(url: url)
            Issue.record("expected an error")
        } catch {
            #expect(error == .invalidURL)
            #expect(!error.description.contains("geheim"))
            #expect(error.description.contains("prozentkodieren"))
        }
    }

    @Test func germanMessagesSayWhatToDo() {
        #expect(PostgresSettingsError.unknownSSLMode("on").description.contains("disable, prefer, require und verify-full"))
        #expect(PostgresSettingsError.invalidPort("0").description.contains("1 bis 65535"))
        #expect(PostgresSettingsError.missingDatabase.description.contains("Datenbank"))
    }
}
