// swift-tools-version: 6.0
// Manifest revision 9: SwiftPM caches this manifest by content; edit this line after adding a test folder.
import Foundation
import PackageDescription

// Northshire Access-IQ: seven pipeline stages, a Trust simulator, and the shared libraries they stand on.
//
// Dependency direction (enforced by this graph): PipelineContracts ← adapters (Parquet, AWS, ObjectStore,
// Postgres, SFTP, SourceFiles) ← PipelineRuntime ← service library ← service executable.

/// executable name (= binary = image = compose service), library module, extra dependencies of the library.
let services: [(executable: String, module: String, dependencies: [Target.Dependency])] = [
    ("postgres-ingest", "PostgresIngest", ["Postgres", "Parquet"]),
    ("sftp-ingest", "SFTPIngest", ["SFTP", "Parquet", "SourceFiles", .product(name: "Crypto", package: "swift-crypto")]),
    ("s3-copy-ingest", "S3CopyIngest", ["AWS", "Parquet", "SourceFiles"]),
    (
        "pseudonymiser", "Pseudonymiser",
        [
            "Parquet", "AWS", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]
    ),
    ("transform-runner", "TransformRunner", ["Postgres", "Parquet"]),
    ("dq-validator", "DQValidator", ["Parquet", .product(name: "Yams", package: "Yams")]),
    ("gold-exporter", "GoldExporter", ["Parquet"]),
    (
        "trust-sim", "TrustSimulator",
        [
            "Postgres", "SFTP", "AWS", "SourceFiles", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]
    ),
]

let log: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let sharedTargets: [Target] = [
    .target(name: "PipelineContracts", path: "Shared/PipelineContracts"),
    .target(
        name: "AWS",
        dependencies: [
            log, .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
        ],
        path: "Shared/AWS"
    ),
    .target(
        name: "ObjectStore",
        dependencies: ["AWS", log, .product(name: "Crypto", package: "swift-crypto")],
        path: "Shared/ObjectStore"
    ),
    .systemLibrary(name: "CSnappy", path: "Shared/CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
    .systemLibrary(name: "CZstd", path: "Shared/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "Parquet", dependencies: ["CSnappy", "CZstd", "CZlib"], path: "Shared/Parquet"),
    .systemLibrary(name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .target(
        name: "Postgres",
        dependencies: ["CLibPQ", log, .product(name: "NIOPosix", package: "swift-nio")],
        path: "Shared/Postgres"
    ),
    .systemLibrary(name: "CLibSSH", path: "Shared/CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),
    .target(
        name: "SFTP",
        dependencies: ["CLibSSH", log, .product(name: "NIOPosix", package: "swift-nio")],
        path: "Shared/SFTP"
    ),
    .target(
        name: "SourceFiles",
        dependencies: ["PipelineContracts", "Parquet", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
        path: "Shared/SourceFiles"
    ),
    .target(
        name: "PipelineRuntime",
        dependencies: ["PipelineContracts", "ObjectStore", "AWS", "Parquet", log, argumentParser],
        path: "Shared/PipelineRuntime"
    ),
    .target(
        name: "PipelineTesting",
        dependencies: [
            "PipelineContracts", "PipelineRuntime", "ObjectStore", "AWS", "Parquet", log,
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ],
        path: "Shared/PipelineTesting"
    ),
]

let serviceTargets: [Target] = services.flatMap { service -> [Target] in
    [
        .target(
            name: service.module,
            dependencies: ["PipelineContracts", "PipelineRuntime", "ObjectStore", log] + service.dependencies,
            path: "Services/\(service.module)/\(service.module)",
            exclude: ["README.md"].filter {
                FileManager.default.fileExists(atPath: "\(packageRoot())/Services/\(service.module)/\(service.module)/\($0)")
            },
            resources: resources(in: "Services/\(service.module)/\(service.module)")
        ),
        .executableTarget(
            name: service.executable,
            dependencies: [.target(name: service.module), "PipelineRuntime", argumentParser],
            path: "Services/\(service.module)/\(service.executable)"
        ),
    ]
}

/// Test targets exist once their folder holds Swift sources, so a module's owner adds tests without
/// touching this manifest. Every test target may use the shared fakes and fixtures.
let testedModules: [(name: String, dependencies: [Target.Dependency])] =
    [
        ("PipelineContracts", []), ("ObjectStore", ["AWS"]),
        (
            "AWS",
            [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ), ("Parquet", []),
        ("Postgres", []), ("SFTP", []), ("SourceFiles", []), ("PipelineRuntime", []),
    ].map { ($0.0, [Target.Dependency.target(name: $0.0)] + $0.1) }
let serviceTestModules: [(name: String, dependencies: [Target.Dependency])] =
    services.map { ($0.module, [.target(name: $0.module)]) }
let integrationTestModule: (name: String, dependencies: [Target.Dependency]) =
    ("Integration", ["Parquet", "ObjectStore", "Postgres"])

/// The reliability suite drives several services' libraries directly (hostile input, faults, concurrency).
let reliabilityTestModule: (name: String, dependencies: [Target.Dependency]) = (
    "Reliability",
    ["Parquet", "ObjectStore", "Postgres", "AWS", "SourceFiles", "PipelineRuntime", "Pseudonymiser", "GoldExporter",
     "SFTPIngest", "S3CopyIngest", "DQValidator"]
)

let testTargets: [Target] = (testedModules + serviceTestModules + [integrationTestModule, reliabilityTestModule]).compactMap { module in
    let path = "Tests/\(module.name)Tests"
    guard hasSwiftSources(path) else { return nil }
    return .testTarget(
        name: "\(module.name)Tests",
        dependencies: module.dependencies + (module.name == "PipelineContracts" ? [] : ["PipelineContracts"])
            + ["PipelineTesting", log],
        path: path,
        resources: resources(in: path)
    )
}

/// Benchmarks are executables under Tests/Benchmarks/<name>, run by `docker/local/bench`.
let benchmarkTargets: [Target] = [
    ("parquet-bench", ["Parquet"]),
    ("s3-bench", ["AWS", "ObjectStore"]),
    ("pseudonymiser-bench", ["Pseudonymiser"]),
].compactMap { (name: String, dependencies: [Target.Dependency]) -> Target? in
    let path = "Tests/Benchmarks/\(name)"
    guard hasSwiftSources(path) else { return nil }
    return .executableTarget(
        name: name, dependencies: dependencies + ["PipelineContracts", "PipelineTesting", log, argumentParser], path: path)
}

/// A test-only stage used by runtime and reliability tests to kill or signal a run mid-way.
let harnessTargets: [Target] =
    hasSwiftSources("Tests/StageHarness/stage-harness")
    ? [
        .executableTarget(
            name: "stage-harness", dependencies: ["PipelineRuntime", "PipelineContracts", log, argumentParser],
            path: "Tests/StageHarness/stage-harness")
    ] : []

let package = Package(
    name: "northshire-access-iq",
    platforms: [.macOS(.v14)],
    products: services.map { .executable(name: $0.executable, targets: [$0.executable]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: sharedTargets + serviceTargets + testTargets + benchmarkTargets + harnessTargets,
    swiftLanguageModes: [.v6]
)

// MARK: - Manifest helpers

func packageRoot() -> String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().path }

func hasSwiftSources(_ relativePath: String) -> Bool {
    let root = "\(packageRoot())/\(relativePath)"
    guard let walker = FileManager.default.enumerator(atPath: root) else { return false }
    return walker.contains { ($0 as? String)?.hasSuffix(".swift") == true }
}

/// Folders named `Resources` (fixtures, SQL models, suites) are copied as they are.
func resources(in relativePath: String) -> [Resource]? {
    var isDirectory: ObjCBool = false
    let path = "\(packageRoot())/\(relativePath)/Resources"
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        return nil
    }
    return [.copy("Resources")]
}
