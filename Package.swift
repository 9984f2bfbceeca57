// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ContainerBench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cbench", targets: ["cbench"]),
        .executable(name: "cbench-oci", targets: ["cbench-oci"]),
        .executable(name: "cbench-probe", targets: ["cbench-probe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Everything between clone and execve in the child; syscalls Glibc lacks.
        .target(name: "CShim", cSettings: [.define("_GNU_SOURCE")]),
        // libseccomp, module map only.
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .target(
            name: "NamespaceCore",
            dependencies: ["CShim", "CSeccomp"]
        ),
        .target(
            name: "OCIRuntime",
            dependencies: ["NamespaceCore"]
        ),
        // Results model, statistics, feature matrix, tables, plots, HTML, baselines and comparison.
        .target(name: "Reports"),
        .executableTarget(
            name: "cbench",
            dependencies: [
                "NamespaceCore",
                "OCIRuntime",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "cbench-oci",
            dependencies: [
                "OCIRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]
        ),
        // Static C witness run inside containers; built by the Makefile with `cc -static`
        // as well, because SwiftPM links executables with the Swift driver.
        .executableTarget(name: "cbench-probe", cSettings: [.define("_GNU_SOURCE")]),
        .testTarget(name: "NamespaceCoreTests", dependencies: ["NamespaceCore"]),
        .testTarget(name: "OCIRuntimeTests", dependencies: ["OCIRuntime"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "IntegrationTests", dependencies: ["NamespaceCore", "OCIRuntime"]),
    ],
    swiftLanguageModes: [.v6]
)
