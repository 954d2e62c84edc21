// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode plus the upcoming features that make
/// each module's real surface explicit (`public import`) and forbid implicit existentials.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "DataCollect",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DataCollectIntegrity", targets: ["DataCollectIntegrity"]),
        .library(name: "DataCollectCore", targets: ["DataCollectCore"]),
        .library(name: "DataCollectSQLite", targets: ["DataCollectSQLite"]),
        .library(name: "DataCollectPrivacy", targets: ["DataCollectPrivacy"]),
        .executable(name: "datacollect", targets: ["datacollect"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Bytes only: JSON values, canonical JSON, hashing. Knows nothing of events.
        .target(
            name: "DataCollectIntegrity",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), "CLibCrypto"],
            swiftSettings: strictSettings
        ),
        // The domain: events, entities, appliers, the fold, store protocols, search, duplicates.
        .target(
            name: "DataCollectCore",
            dependencies: ["DataCollectIntegrity"],
            swiftSettings: strictSettings
        ),
        // Realistic, reproducible synthetic event streams for demos, tests and benchmarks.
        .target(
            name: "DataCollectGenerator",
            dependencies: ["DataCollectCore"],
            swiftSettings: strictSettings
        ),
        // The system OpenSSL's SHA-256, wrapped for Swift (one-shot hashes of short inputs).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The system SQLite library, wrapped for Swift.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The queries of every store protocol, written once for both relational stores.
        .target(
            name: "DataCollectSQL",
            dependencies: ["DataCollectCore", "DataCollectIntegrity"],
            swiftSettings: strictSettings
        ),
        // The embedded store: one SQLite file in WAL mode, readable with the `sqlite3` shell.
        .target(
            name: "DataCollectSQLite",
            dependencies: ["DataCollectCore", "DataCollectSQL", "CSQLite"],
            swiftSettings: strictSettings
        ),
        // The system libarchive, wrapped for Swift.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // Event archives in (streaming import through libarchive) and exports out.
        .target(
            name: "DataCollectArchive",
            dependencies: ["DataCollectCore", "DataCollectSQLite", "CArchive"],
            swiftSettings: strictSettings
        ),
        // The system libqrencode and libpng, wrapped for Swift: QR codes of public artifact URLs.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // A QR code as a PNG picture: what field staff scan to load a tenant's app configuration.
        .target(
            name: "DataCollectQRCode",
            dependencies: ["CQRencode", "CPNG"],
            swiftSettings: strictSettings
        ),
        // Retention, anonymization and erasure policies: the YAML policy files of `Policies/`,
        // the operators and privacy models, and the engines that apply them through redaction.
        .target(
            name: "DataCollectPrivacy",
            dependencies: [
                "DataCollectCore",
                "DataCollectIntegrity",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The server store: PostgreSQL through postgres-nio, behind the same store protocols.
        .target(
            name: "DataCollectPostgres",
            dependencies: [
                "DataCollectCore",
                "DataCollectSQL",
                "DataCollectIntegrity",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The sync client: push and pull against the server, with fork and rollback detection.
        .target(
            name: "DataCollectSync",
            dependencies: [
                "DataCollectCore",
                "DataCollectIntegrity",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // External systems: the adapter protocol, the registry, the webhook and mock adapters.
        .target(
            name: "DataCollectExternalSync",
            dependencies: [
                "DataCollectCore",
                "DataCollectIntegrity",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Reports for auditors and data officers: one content model, rendered as a self-contained
        // HTML page with SVG charts, as JSON (with a JSON Schema per kind) and as CSV tables.
        .target(
            name: "DataCollectReports",
            dependencies: ["DataCollectCore", "DataCollectIntegrity", "DataCollectPrivacy"],
            swiftSettings: strictSettings
        ),
        // The sync server: HTTP routes, JWT auth and roles, tenants, each tenant's store.
        .target(
            name: "DataCollectServer",
            dependencies: [
                "DataCollectCore",
                "DataCollectIntegrity",
                "DataCollectSQLite",
                "DataCollectPostgres",
                "DataCollectExternalSync",
                "DataCollectQRCode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        // The commands of `datacollect`, in a library so tests drive them.
        .target(
            name: "DataCollectCLI",
            dependencies: [
                "DataCollectCore",
                "DataCollectSQLite",
                "DataCollectGenerator",
                "DataCollectArchive",
                "DataCollectPrivacy",
                "DataCollectServer",
                "DataCollectPostgres",
                "DataCollectSync",
                "DataCollectExternalSync",
                "DataCollectReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "datacollect",
            dependencies: ["DataCollectCLI"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "datacollect-bench",
            dependencies: ["DataCollectCore", "DataCollectSQLite", "DataCollectGenerator", "DataCollectIntegrity", "DataCollectArchive",
                           "DataCollectPrivacy", "DataCollectServer", "DataCollectPostgres", "DataCollectTestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            path: "Benchmarks/DataCollectBench",
            swiftSettings: strictSettings
        ),
        // Test helpers shared by test targets: the throwaway PostgreSQL cluster.
        .target(
            name: "DataCollectTestSupport",
            dependencies: ["DataCollectPostgres"],
            path: "Tests/DataCollectTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectIntegrityTests",
            dependencies: ["DataCollectIntegrity"],
            exclude: ["Fixtures/rfc6962-vectors.json", "Fixtures/README.md"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectCoreTests",
            dependencies: ["DataCollectCore", "DataCollectSQL", "DataCollectSQLite", "DataCollectPostgres", "DataCollectGenerator",
                           "DataCollectTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectSQLiteTests",
            dependencies: ["DataCollectSQLite", "DataCollectCore", "DataCollectTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectArchiveTests",
            // The executable too: the crash-safety test kills a real `datacollect import`.
            dependencies: ["DataCollectArchive", "DataCollectCore", "DataCollectSQLite", "DataCollectGenerator", "datacollect",
                           "DataCollectTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectPrivacyTests",
            dependencies: ["DataCollectPrivacy", "DataCollectCore", "DataCollectSQLite", "DataCollectGenerator"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectServerTests",
            dependencies: [
                "DataCollectServer", "DataCollectCore", "DataCollectSQLite", "DataCollectIntegrity", "DataCollectPostgres",
                "DataCollectTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectSyncTests",
            dependencies: [
                "DataCollectSync", "DataCollectServer", "DataCollectCore", "DataCollectSQLite", "DataCollectIntegrity",
                "DataCollectTestSupport", "DataCollectPrivacy", "DataCollectGenerator", "datacollect",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectExternalSyncTests",
            dependencies: [
                "DataCollectExternalSync", "DataCollectServer", "DataCollectCore", "DataCollectSQLite", "DataCollectIntegrity",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectReportsTests",
            dependencies: ["DataCollectReports", "DataCollectCore", "DataCollectIntegrity", "DataCollectSQLite",
                           "DataCollectGenerator", "DataCollectPrivacy", "DataCollectArchive", "DataCollectTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataCollectCLITests",
            dependencies: ["DataCollectCLI", "DataCollectSQLite", "DataCollectCore", "DataCollectTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
