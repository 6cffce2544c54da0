// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "telemetry-site",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "telemetry-site", targets: ["telemetry-site"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(name: "LocalPostgres"),
        .target(
            name: "Telemetry",
            dependencies: ["Postgres", "Markdown", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "TelemetrySiteCLI",
            dependencies: [
                "Telemetry", "Postgres", "LocalPostgres", "Markdown",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "telemetry-site", dependencies: ["TelemetrySiteCLI"]),
        .testTarget(
            name: "TelemetryTests",
            dependencies: ["Telemetry", "Postgres", "LocalPostgres", "TelemetrySiteCLI", "Markdown"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
