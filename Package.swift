// swift-tools-version:6.1
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
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // No traits: the default BinaryDelimitedStreams imports the whole Foundation, which a
        // static cbench-oci cannot link without ICU (and should not carry).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0", traits: []),
    ],
    targets: [
        // Everything between clone and execve in the child; syscalls Glibc lacks.
        .target(name: "CShim", cSettings: [.define("_GNU_SOURCE")]),
        // libseccomp, module map only.
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        // Start-up hooks (C constructors) that re-execute cbench and cbench-oci from a sealed
        // handle of their executable before they run, for the commands that need it
        // (CShim/include/cshim_exe_seal.h says why, CShim/seal_policy.c which).
        .target(name: "CSealedStart", dependencies: ["CShim"]),
        .target(name: "CSealedStartOCI", dependencies: ["CShim"]),
        .target(
            name: "NamespaceCore",
            dependencies: ["CShim", "CSeccomp"]
        ),
        // The recording fakes (cgroupfs, netlink, commands, a fake host root) unit tests drive the core with; no product links it.
        .target(name: "NamespaceCoreTesting", dependencies: ["NamespaceCore"]),
        // The one JSON codec for records on disk, written atomically and durably.
        .target(name: "JSONRecords", dependencies: ["NamespaceCore"]),
        // Hosts: lab hosts in namespaces on this machine, remote hosts over SSH, inventories.
        .target(name: "Hosts", dependencies: ["NamespaceCore", "JSONRecords"]),
        // CRIU requests and images: the request model, the `criu swrk` driver (protobuf over a
        // socketpair; Generated/ is made by Scripts/generate-criu-proto, never by the build),
        // image checks, migration strategies and the image transfer seam.
        .target(
            name: "Checkpoints",
            dependencies: ["NamespaceCore", "JSONRecords", "CShim", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Protocol/criu-rpc.proto"]
        ),
        .target(
            name: "OCIRuntime",
            dependencies: ["NamespaceCore", "JSONRecords", "Checkpoints"]
        ),
        // libpfm4, module map only (perf event names to perf_event_attr).
        .systemLibrary(name: "CPfm", providers: [.apt(["libpfm4-dev"])]),
        // libarchive, module map only (layer tars: plain, gzip, zstd).
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // Every archive read or written, and the one extraction policy (layers, system export/import, ADD).
        .target(name: "Archive", dependencies: ["NamespaceCore", "CArchive", "CShim"]),
        // OCI image layout, blobs, layers, the content-addressed layer store, import/load/save, commit.
        .target(
            name: "OCIImages",
            dependencies: ["NamespaceCore", "JSONRecords", "Archive", "CShim", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Docker-style application containers: image roots, lifecycle, networks, ports, volumes, build.
        .target(
            name: "AppContainers",
            dependencies: ["NamespaceCore", "JSONRecords", "OCIImages", "Archive", "Hosts", "Checkpoints", "CShim", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // LXC-style system containers: templates, LXC config, init, lifecycle, snapshots.
        .target(
            name: "SystemContainers",
            dependencies: ["NamespaceCore", "JSONRecords", "OCIImages", "Archive", "Checkpoints", .product(name: "Yams", package: "Yams")]
        ),
        // One protocol for "a thing that runs containers", a driver per target.
        .target(
            name: "Targets",
            dependencies: ["NamespaceCore", "JSONRecords", "Checkpoints", "OCIRuntime", "SystemContainers", "AppContainers", "OCIImages"]
        ),
        // Scenario files, probes, workloads, measurements and the runner.
        .target(
            name: "Scenarios",
            dependencies: ["NamespaceCore", "Hosts", "Checkpoints", "OCIImages", "SystemContainers", "AppContainers", "Targets", "Results", "CShim", "CPfm", .product(name: "Yams", package: "Yams")]
        ),
        // The results document: environment, raw samples and their summaries, feature results;
        // the statistics a summary is made of (the project's one percentile definition).
        .target(name: "Results", dependencies: ["NamespaceCore", "JSONRecords"]),
        // Feature matrix, tables, plots, HTML, baselines and comparison.
        .target(name: "Reports", dependencies: ["NamespaceCore", "Results"]),
        // Host checks and the known quirks of every real runtime (`cbench doctor`).
        .target(name: "Doctor", dependencies: ["Checkpoints", "NamespaceCore", "Targets"]),
        .executableTarget(
            name: "cbench",
            dependencies: [
                "CSealedStart",
                "NamespaceCore",
                "Doctor",
                "Results",
                "Reports",
                "SystemContainers",
                "AppContainers",
                "OCIImages",
                "Targets",
                "Scenarios",
                "Hosts",
                "Checkpoints",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Statically linked in release, as cbench-oci: `cbench app run` is measured against
            // podman and docker, and a dynamic cbench spends about 7 ms loading and relocating
            // before it does any work (static: under 3). Full Foundation needs its companion
            // libraries named, and libarchive and libxml2 need theirs (Scripts/setup installs
            // the -dev packages holding the .a files).
            linkerSettings: [.unsafeFlags(["-static-executable", "-use-ld=lld"], .when(configuration: .release))]
                + ["swiftSynchronization", "_FoundationCShims", "_FoundationCollections", "_FoundationICU", "CoreFoundation",
                   "nettle", "acl", "lzma", "zstd", "lz4", "bz2", "z", "xml2", "icuuc", "icudata", "stdc++", "m"]
                .map { .linkedLibrary($0, .when(configuration: .release)) }
        ),
        .executableTarget(
            name: "cbench-oci",
            dependencies: [
                "CSealedStartOCI",
                "NamespaceCore",
                "OCIRuntime",
                "Checkpoints",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Statically linked in release: a dynamic Swift binary spends crun's whole start-up
            // budget loading libraries (HOST-NOTES.md). The static FoundationEssentials needs
            // its three companion libraries named explicitly.
            linkerSettings: [
                .unsafeFlags(["-static-executable", "-use-ld=lld"], .when(configuration: .release)),
                .linkedLibrary("swiftSynchronization", .when(configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(configuration: .release)),
                .linkedLibrary("_FoundationCollections", .when(configuration: .release)),
            ]
        ),
        // Static C witness run inside containers; built by the Makefile with `cc -static`
        // as well, because SwiftPM links executables with the Swift driver.
        .executableTarget(name: "cbench-probe", cSettings: [.define("_GNU_SOURCE")]),
        .testTarget(name: "NamespaceCoreTests", dependencies: ["NamespaceCore", "NamespaceCoreTesting", "CShim", "CSeccomp"]),
        .testTarget(name: "DoctorTests", dependencies: ["Checkpoints", "Doctor", "Targets", "NamespaceCore", "NamespaceCoreTesting"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "NamespaceCore", "CArchive", "CShim"]),
        .testTarget(name: "JSONRecordsTests", dependencies: ["JSONRecords", "NamespaceCore"]),
        .testTarget(name: "OCIRuntimeTests", dependencies: ["OCIRuntime", "NamespaceCore"]),
        .testTarget(name: "HostsTests", dependencies: ["Hosts", "NamespaceCore", "NamespaceCoreTesting"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints", "NamespaceCore", "NamespaceCoreTesting", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Results", "NamespaceCore"]),
        .testTarget(name: "SystemContainersTests", dependencies: ["SystemContainers", "NamespaceCore", "NamespaceCoreTesting", "OCIImages", "Archive"]),
        .testTarget(name: "OCIImagesTests", dependencies: ["OCIImages", "NamespaceCore", "JSONRecords", "Archive", "CArchive", "CShim"]),
        .testTarget(name: "AppContainersTests", dependencies: ["AppContainers", "OCIImages", "NamespaceCore", "NamespaceCoreTesting", "CShim"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Checkpoints", "Targets", "Results", "NamespaceCore", "SystemContainers", "OCIRuntime", "AppContainers"]),
        // The cbench command line itself: the fast path of `app run` against swift-argument-parser.
        .testTarget(name: "CBenchTests", dependencies: ["cbench", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // cbench-oci's command line: runc's flags as conmon and containerd-shim pass them.
        .testTarget(name: "CbenchOCITests", dependencies: ["cbench-oci", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "IntegrationTests", dependencies: ["NamespaceCore", "NamespaceCoreTesting", "CShim", "Checkpoints", "SystemContainers", "AppContainers", "OCIImages", "Targets", "Results", "Reports", "Scenarios"]),
    ],
    swiftLanguageModes: [.v6]
)
