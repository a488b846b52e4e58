// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Tandem",
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "TandemCore", targets: ["TandemCore"]),
        .library(name: "TandemCalendar", targets: ["TandemCalendar"]),
        .library(name: "TandemIO", targets: ["TandemIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(
            name: "TandemCalendar",
            dependencies: ["CLibical"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TandemCore",
            dependencies: [
                "TandemCalendar",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TandemIO",
            dependencies: ["TandemCore", "TandemCalendar"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TandemGenerate",
            dependencies: ["TandemCore", "TandemCalendar", "TandemIO"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TandemDaemon",
            dependencies: [
                "TandemCalendar",
                "TandemCore",
                "TandemIO",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemCalendar",
                "TandemCore",
                "TandemDaemon",
                "TandemIO",
                "TandemGenerate",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tandem-bench",
            dependencies: ["TandemCore", "TandemCalendar", "TandemDaemon", "TandemIO"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TandemTesting",
            dependencies: ["TandemCore", "TandemCalendar"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemCalendarTests",
            dependencies: ["TandemCalendar", "TandemTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemCoreTests",
            dependencies: ["TandemCore", "TandemCalendar", "TandemTesting", "TandemGenerate"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemIOTests",
            dependencies: ["TandemIO", "TandemCore", "TandemTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemGenerateTests",
            dependencies: ["TandemGenerate", "TandemCore", "TandemCalendar", "TandemIO", "TandemTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemDaemonTests",
            dependencies: [
                "TandemDaemon", "TandemCalendar", "TandemTesting",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "tandemTests",
            dependencies: ["TandemTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
