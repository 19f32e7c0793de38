// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Baustein",
    // macOS 15 for the standard library's Mutex (Synchronization).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "baustein", targets: ["baustein"]),
        .library(name: "BausteinCore", targets: ["BausteinCore"]),
        .library(name: "BausteinServer", targets: ["BausteinServer"]),
        .library(name: "BausteinPostgres", targets: ["BausteinPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Bearer tokens for the API: the AuthRequestContext/AuthenticatorMiddleware protocols (adds swift-extras-base64).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // Hashes, HMAC and constant-time comparison (BoringSSL); Hummingbird's test client already builds it.
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        // Outbound HTTP for delivery: deadlines, connection pooling, no redirects with credentials.
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        // SMTP submission for e-mail replies (no SMTP package is in reach): NIO with TLS and a line decoder.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        // The Prometheus registry behind /metrics (counters, histograms, exposition); brings swift-metrics' CoreMetrics.
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // PostgreSQL as the shared store of several `baustein serve` instances (issue 21): the wire protocol over NIO.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CStemmer",
            path: "Sources/CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        .target(
            name: "BausteinCore",
            dependencies: [
                "CStemmer",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "BausteinServer",
            dependencies: [
                "BausteinCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The workflow's store in PostgreSQL: a blocking connection pool behind BausteinCore's SQLSession, LISTEN/NOTIFY.
        .target(
            name: "BausteinPostgres",
            dependencies: [
                "BausteinCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Client mode: the CLI on a staff member's own PC, talking to `baustein serve` over the token API.
        .target(
            name: "BausteinClient",
            dependencies: [
                "BausteinCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "BausteinTestSupport",
            dependencies: ["BausteinCore", "BausteinPostgres"]
        ),
        .executableTarget(
            name: "baustein",
            dependencies: [
                "BausteinCore",
                "BausteinServer",
                "BausteinClient",
                "BausteinPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks are not tests: `make bench-match` runs this and prints figures.
        .executableTarget(
            name: "baustein-bench",
            dependencies: [
                "BausteinCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BausteinCoreTests",
            dependencies: ["BausteinCore", "BausteinTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BausteinServerTests",
            dependencies: [
                "BausteinServer", "BausteinClient", "BausteinTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Against a real server: `make pg` starts one and prints the BAUSTEIN_TEST_POSTGRES to set.
        .testTarget(
            name: "BausteinPostgresTests",
            dependencies: ["BausteinPostgres", "BausteinCore", "BausteinTestSupport"]
        ),
        .testTarget(
            name: "BausteinCLITests",
            dependencies: ["BausteinTestSupport", "BausteinCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
