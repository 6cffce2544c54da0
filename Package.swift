// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "telemetry-site",
    products: [
        .executable(name: "telemetry-site", targets: ["telemetry-site"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(name: "CSystemIO"),
        .target(name: "SystemIO", dependencies: ["CSystemIO"]),
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "JSONKit"),
        .target(name: "Hashing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SiteOutput", dependencies: ["SystemIO", "Hashing"]),
        .target(
            name: "SiteTemplates",
            dependencies: [
                "SystemIO", "Hashing", "SiteOutput", .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(
            name: "SiteMetrics",
            dependencies: [
                "SystemIO", "Telemetry", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(name: "LocalPostgres", dependencies: ["SystemIO", "Hashing"]),
        .target(
            name: "Publish",
            dependencies: ["SiteOutput", "SystemIO", "Hashing", "JSONKit"]
        ),
        .target(
            name: "Telemetry",
            dependencies: ["Postgres", "JSONKit", "SystemIO", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "DemoData", dependencies: ["Telemetry", "Postgres", "JSONKit"]),
        .target(
            name: "Redaction",
            dependencies: ["JSONKit", "SystemIO", "Hashing"]
        ),
        .target(name: "RunSummaries", dependencies: ["Telemetry", "Markdown", "Redaction"]),
        .target(
            name: "SiteBuilder",
            dependencies: [
                "Telemetry", "RunSummaries", "Redaction", "Markdown", "SystemIO", "JSONKit", "SiteTemplates",
                "SiteOutput", "Hashing",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Notify",
            dependencies: ["Telemetry", "RunSummaries", "SystemIO", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Telemetry", "RunSummaries", "Redaction", "SiteBuilder", "SiteOutput", "SystemIO", "Hashing",
                "JSONKit", "SiteMetrics", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "TelemetrySiteCLI",
            dependencies: [
                "Telemetry", "DemoData", "RunSummaries", "Redaction", "Postgres", "LocalPostgres", "SiteBuilder",
                "Server", "SystemIO", "JSONKit", "SiteTemplates", "Publish", "SiteMetrics", "Notify",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "telemetry-site", dependencies: ["TelemetrySiteCLI"]),
        .target(name: "FuzzChecks", dependencies: ["SiteBuilder", "Markdown", "JSONKit", "SiteTemplates"]),
        .executableTarget(name: "telemetry-fuzz", dependencies: ["FuzzChecks"]),
        // Tests: one target per module on TestSupport (the private cluster, the site and server
        // fixtures, `temporaryFolder()`); the cluster starts only when a test asks for a database.
        .target(
            name: "TestSupport",
            dependencies: [
                "Telemetry", "DemoData", "RunSummaries", "Postgres", "LocalPostgres", "SiteBuilder", "Server",
                "SystemIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "PostgresTests", dependencies: ["TestSupport", "Postgres"]),
        .testTarget(
            name: "BackfillTests",
            dependencies: ["TestSupport", "Telemetry", "DemoData", "RunSummaries", "Redaction", "Postgres", "Markdown"]
        ),
        .testTarget(
            name: "SiteBuilderTests",
            dependencies: [
                "TestSupport", "SiteBuilder", "Telemetry", "DemoData", "RunSummaries", "Redaction", "Postgres",
                "Markdown",
                "SiteOutput", "SiteTemplates", "JSONKit", "Hashing", "LocalPostgres", "Server", "TelemetrySiteCLI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "TestSupport", "Server", "SiteBuilder", "Telemetry", "Postgres", "Redaction", "RunSummaries",
                "TelemetrySiteCLI", "SystemIO", "SiteMetrics",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "PublishTests", dependencies: ["TestSupport", "Publish", "SiteOutput", "SiteBuilder", "DemoData"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TestSupport", "TelemetrySiteCLI", "FuzzChecks", "Telemetry", "DemoData", "RunSummaries", "Postgres",
                "Redaction", "SiteBuilder", "SystemIO", "Server", "SiteMetrics",
            ]
        ),
        // Module tests that need no database: `swift test --filter 'JSONKitTests|SiteTemplatesTests|…'`.
        .testTarget(name: "JSONKitTests", dependencies: ["JSONKit"]),
        .testTarget(name: "SiteTemplatesTests", dependencies: ["SiteTemplates", "TestSupport"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "SystemIOTests", dependencies: ["SystemIO", "TestSupport"]),
        .testTarget(name: "SiteOutputTests", dependencies: ["SiteOutput", "Hashing", "TestSupport"]),
        .testTarget(name: "RedactionTests", dependencies: ["Redaction", "JSONKit", "TestSupport"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "SiteMetricsTests", dependencies: ["SiteMetrics", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift target of ours: existentials spelled `any`, and a file sees only the members of
// the modules it imports itself.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
