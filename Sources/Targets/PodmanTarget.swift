import Foundation
import Glibc
import NamespaceCore

/// podman on crun, runc or cbench-oci (`podman-crun`, `podman-runc`, `podman-cbench`): the
/// same engine on each runtime, so a difference between them is the runtime's. The workload's root file system
/// imported once as a local image into a private storage (`--root` under
/// /var/lib/cbench/podman, `--runroot` under /run/cbench/podman), each step a
/// `podman run --rm --network none`. `finish()` removes the images and the storage.
public final class PodmanTarget: RunScopedTarget, MeasuredWorkloadTarget {
    public let name: String
    /// The OCI runtime podman drives: a command name (`crun`, `runc`) or a path (cbench-oci).
    public let runtime: String
    /// The runtime's short name in the target's name and paths: `crun`, `runc`, `cbench`.
    public let flavour: String
    /// Command name or absolute path of podman.
    public let executable: String
    public let context: TargetContext
    let environment: [String: String]
    let images: ImportedImages
    /// The application stack's images, loaded from its OCI layout.
    let loadedImages = LoadedImages()
    /// Whether /var/lib/containers was absent when the target was made: podman's image
    /// import then creates its blob-info cache there (no flag moves it), and `finish` removes it.
    let removesContainersCache: Bool
    static let containersCacheRoot = "/var/lib/containers"

    public init(runtime: String, flavour: String? = nil, context: TargetContext, executable: String = "podman",
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let flavour = flavour ?? runtime
        self.name = "podman-\(flavour)"
        self.runtime = runtime
        self.flavour = flavour
        self.executable = executable
        self.context = context
        self.environment = environment
        images = ImportedImages(prefix: "localhost/cbench-\(PodmanTarget.runTag(context))-\(flavour)")
        removesContainersCache = !FileManager.default.fileExists(atPath: PodmanTarget.containersCacheRoot)
    }

    deinit { finish() }

    /// The run's own short tag: a hash of its state root (podman refuses a runroot longer
    /// than 50 characters, so the state root itself cannot be part of the path).
    static func runTag(_ context: TargetContext) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in context.stateRoot.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    public var workloadTraits: WorkloadTraits {
        WorkloadTraits(root: "overlay (podman's overlay storage driver), mounted volatile as a --rm container's (fsync is a no-op)",
                       defaultFilter: "podman's allowlist (containers-common), compiled by \(flavour)", namedVolumes: true)
    }

    public var storageRoot: String { "\(ProjectDirectories.persistent)/podman/\(PodmanTarget.runTag(context))-\(flavour)" }
    public var runRoot: String { "\(ProjectDirectories.runtime)/podman/\(PodmanTarget.runTag(context))-\(flavour)" }

    /// Checkpoint and restore on a runtime with CRIU support (runc; not crun 1.8).
    public var operations: Set<TargetOperation> {
        let base: Set<TargetOperation> = [.start, .stop, .delete, .run, .imageImport]
        return checkpointSupport().isSupported ? base.union([.checkpoint, .restore]) : base
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let directory = "\(context.workDirectory)/\(id)"
        try FileIO.makeDirectories(directory, mode: 0o755)
        try ensureConfig()
        _ = try image(for: workload.rootfs)
        return PreparedContainer(id: id, bundle: directory, cgroupPath: TargetContext.cgroupPath(for: id), workload: workload)
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let image = try image(for: container.workload.rootfs)
        return try RealTargetSupport.runWhole(Spawn(runArguments(container, image: image, detached: false)), container,
                                              stage: "\(name) run \(container.id)")
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        try startDetached(container, arguments: runArguments(container, image: try image(for: container.workload.rootfs), detached: true))
    }

    /// Runs `arguments` (a `podman run --detach`) and returns once the container runs.
    func startDetached(_ container: PreparedContainer, arguments: [String]) throws -> ContainerRun {
        let create = try RealTargetSupport.timed("create") {
            let outcome = try Spawn(arguments,
                                    stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) run --detach \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create], memoryPeakBytes: Cgroup.memoryPeak(path: container.cgroupPath))
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        let stop = try RealTargetSupport.timed("stop") {
            try RealTargetSupport.checked(podman(["rm", "--force", "--time", "0", container.id]),
                                          stage: "\(name) rm \(container.id)")
        }
        return ContainerRun(phases: [stop])
    }

    public func cleanup(_ container: PreparedContainer) {
        if FileManager.default.fileExists(atPath: "\(runRoot)/containers.conf") {
            _ = try? Spawn(podman(["rm", "--force", "--ignore", "--time", "0", container.id])).run()
            for volume in container.workload.volumes { _ = try? Spawn(podman(["volume", "rm", "--force", volume.name])).run() }
        }
        ZombieReaper.reapOrphans(named: ["conmon"])
        Cgroup.removeAbandoned(path: container.cgroupPath)
        MigrationNamespace.remove(for: container)
        try? FileIO.removeTree(container.bundle)
    }

    public func finish() {
        guard FileManager.default.fileExists(atPath: "\(runRoot)/containers.conf") else { return }
        images.removeAll { reference in
            _ = try? Spawn(podman(["rmi", "--force", reference])).run()
        }
        loadedImages.removeAll { reference in
            _ = try? Spawn(podman(["rmi", "--force", reference])).run()
        }
        RealTargetSupport.removeOwnedTree(storageRoot)
        RealTargetSupport.removeOwnedTree(runRoot)
        ProjectDirectories.removeIfEmpty([
            "\(ProjectDirectories.persistent)/podman", "\(ProjectDirectories.runtime)/podman",
        ])
        if removesContainersCache {
            let cache = "\(PodmanTarget.containersCacheRoot)/cache"
            unlink("\(cache)/blob-info-cache-v1.boltdb")
            ProjectDirectories.removeIfEmpty([cache, PodmanTarget.containersCacheRoot])
        }
    }

    func ensureConfig() throws {
        let path = "\(runRoot)/containers.conf"
        guard !FileManager.default.fileExists(atPath: path) else { return }
        for directory in [runRoot + "/tmp", storageRoot] {
            try FileIO.makeDirectories(directory, mode: 0o755)
        }
        try FileIO.write(path, Array(containersConf().utf8))
    }

    public func image(for rootfs: String) throws -> String {
        try images.reference(for: rootfs, scratch: runRoot) { tarball, reference in
            try RealTargetSupport.checked(podman(["import", "--quiet", tarball, reference]), stage: "\(name) import \(rootfs)")
        }
    }
}
