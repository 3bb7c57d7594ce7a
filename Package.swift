// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: frontdesk -> FrontdeskTerminal -> FrontdeskUI -> FrontdeskCore,
// frontdesk -> FrontdeskStore (files) / FrontdeskPostgres (PostgreSQL) / FrontdeskExchange
// (import, export) -> FrontdeskBackend (the DeskBackend protocol) -> FrontdeskCore. Only
// FrontdeskTerminal imports curses, only FrontdeskStore touches store files, only
// FrontdeskPostgres talks to a database.
let package = Package(
    name: "Frontdesk",
    products: [
        .executable(name: "frontdesk", targets: ["frontdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "FrontdeskCore"),
        // zlib's CRC-32 for the store's checksums.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The backend protocol every store implements, and the errors a store reports.
        .target(name: "FrontdeskBackend", dependencies: ["FrontdeskCore"]),
        .target(name: "FrontdeskStore", dependencies: ["FrontdeskCore", "FrontdeskBackend", "CZlib"]),
        // Import and export (ServiceNow tables, CSV, JSON Lines), written once over DeskBackend.
        .target(name: "FrontdeskExchange", dependencies: ["FrontdeskCore", "FrontdeskBackend"]),
        // The desk on PostgreSQL, through postgres-nio (no home-made wire protocol).
        .target(name: "FrontdeskPostgres", dependencies: ["FrontdeskCore", "FrontdeskBackend",
                                                          .product(name: "PostgresNIO", package: "postgres-nio"),
                                                          .product(name: "NIOCore", package: "swift-nio"),
                                                          .product(name: "NIOPosix", package: "swift-nio"),
                                                          .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                                          .product(name: "Logging", package: "swift-log")]),
        .target(name: "FrontdeskUI", dependencies: ["FrontdeskCore"]),
        .target(name: "FrontdeskTerminal", dependencies: ["FrontdeskUI", "CNCursesW"]),
        // `frontdesk serve`: the check-in, status and waiting-room display pages (Hummingbird), over
        // any DeskBackend; the executable wires the store in.
        .target(name: "FrontdeskWeb", dependencies: ["FrontdeskCore", "FrontdeskBackend",
                                                     .product(name: "Hummingbird", package: "hummingbird"),
                                                     .product(name: "HTTPTypes", package: "swift-http-types"),
                                                     .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                     .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                                                     .product(name: "NIOCore", package: "swift-nio")]),
        // The seed of a new store and the demo desk. Their data files live in Resources/ (reached
        // through the `data` link) and are compiled into the binary, so an installed `frontdesk`
        // needs no resource bundle beside it.
        .target(
            name: "FrontdeskResources",
            dependencies: ["FrontdeskCore"],
            resources: [.embedInCode("data/default/desk.json"), .embedInCode("data/default/templates.json"),
                        .embedInCode("data/demo/directory.json")]
        ),
        .executableTarget(
            name: "frontdesk",
            dependencies: [
                "FrontdeskCore", "FrontdeskBackend", "FrontdeskStore", "FrontdeskExchange", "FrontdeskPostgres", "FrontdeskUI", "FrontdeskTerminal",
                "FrontdeskWeb", "FrontdeskResources", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measures open, save, search, render and memory against peers; see README "Performance".
        .executableTarget(
            name: "frontdesk-bench",
            dependencies: ["FrontdeskCore", "FrontdeskStore", "FrontdeskExchange", "FrontdeskUI", "FrontdeskResources",
                           "FrontdeskBackend", "FrontdeskPostgres",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // A writer that the store's crash and concurrency tests run as a child process and kill.
        .executableTarget(name: "frontdesk-stress", dependencies: ["FrontdeskStore", "FrontdeskPostgres", "FrontdeskBackend", "FrontdeskCore"]),
        // Helpers shared by the test targets that run built binaries.
        .target(name: "FrontdeskTestSupport", dependencies: ["FrontdeskCore", "FrontdeskBackend", "FrontdeskStore", "FrontdeskPostgres"],
                path: "Sources/FrontdeskTestSupport"),
        .testTarget(name: "FrontdeskCoreTests", dependencies: ["FrontdeskCore"]),
        .testTarget(name: "FrontdeskStoreTests", dependencies: ["FrontdeskStore", "FrontdeskBackend", "FrontdeskExchange", "FrontdeskCore", "FrontdeskResources", "FrontdeskTestSupport", "frontdesk-stress"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "FrontdeskUITests", dependencies: ["FrontdeskUI", "FrontdeskCore", "FrontdeskResources"], exclude: ["__Snapshots__"]),
        // Runs the built `frontdesk` binary as a subprocess.
        .testTarget(name: "FrontdeskCLITests", dependencies: ["FrontdeskTestSupport", "frontdesk", "FrontdeskUI", "FrontdeskStore", "FrontdeskExchange", "FrontdeskCore"],
                    exclude: ["report_reference.py"]),
        // The terminal backend's pure parts (no screen is started).
        .testTarget(name: "FrontdeskTerminalTests", dependencies: ["FrontdeskTerminal"]),
        // Runs the built `frontdesk` console in tmux and reads the screen.
        .testTarget(name: "FrontdeskE2ETests", dependencies: ["FrontdeskTestSupport", "frontdesk"]),
        // Runs against PostgreSQL (FRONTDESK_TEST_POSTGRES; private clusters for the restart and two-host tests).
        // `frontdesk serve` over HTTP (a real server on port 0) and in a real browser (Chromium through chromedriver).
        .testTarget(name: "FrontdeskWebTests", dependencies: ["FrontdeskWeb", "FrontdeskTestSupport", "frontdesk", "FrontdeskCore", "FrontdeskBackend"]),
        .testTarget(name: "FrontdeskPostgresTests", dependencies: ["FrontdeskPostgres", "FrontdeskBackend", "FrontdeskCore", "FrontdeskTestSupport", "frontdesk-stress"]),
        // The benchmark's pure parts (the walk-up replay), imported from the executable.
        .testTarget(name: "FrontdeskBenchTests", dependencies: ["frontdesk-bench", "FrontdeskCore"]),
    ],
    swiftLanguageModes: [.v6]
)
