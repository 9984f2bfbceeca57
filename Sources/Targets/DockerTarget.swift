import Foundation
import NamespaceCore

/// The Docker engine from Debian's docker.io, through the Debian client with `-H`: the
/// workload's root file system imported once as an image, each step a
/// `docker run --rm --network none`. `finish()` removes the images and stops the daemon when
/// this target started it.
public final class DockerTarget: RunScopedTarget, MeasuredWorkloadTarget, DaemonBackedTarget {
    public static let targetName = "docker"
    /// The same dockerd with cbench-oci as the container's runtime (its daemon.json entry).
    public static let cbenchTargetName = "docker-cbench"
    public let context: TargetContext
    public let daemon: DockerDaemon
    /// The daemon's runtime for `--runtime`; nil: its default (runc).
    public let runtime: String?
    let images: ImportedImages
    /// The application stack's images, loaded from its OCI layout.
    let loadedImages = LoadedImages()

    public init(context: TargetContext, daemon: DockerDaemon = DockerDaemon(), runtime: String? = nil) {
        self.context = context
        self.daemon = daemon
        self.runtime = runtime
        images = ImportedImages(prefix: "cbench-\(PodmanTarget.runTag(context))-docker" + (runtime.map { "-\($0)" } ?? ""))
    }

    deinit { finish() }

    public var name: String { runtime == nil ? DockerTarget.targetName : DockerTarget.cbenchTargetName }
    /// Checkpoints are measured on runc only: Docker's checkpoint path is the runtime's, and
    /// cbench-oci's own checkpoint target measures that directly.
    public var operations: Set<TargetOperation> {
        let base: Set<TargetOperation> = [.start, .stop, .delete, .run, .imageImport]
        return runtime == nil ? base.union([.checkpoint, .restore]) : base
    }
    public var workloadTraits: WorkloadTraits {
        WorkloadTraits(root: "overlay (dockerd's overlay2 storage driver)",
                       defaultFilter: "Docker's allowlist (dockerd's built-in profile), compiled by \(runtime == nil ? "runc" : "cbench-oci")", namedVolumes: true)
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let directory = "\(context.workDirectory)/\(id)"
        try FileIO.makeDirectories(directory, mode: 0o755)
        _ = try image(for: workload.rootfs, scratch: directory)
        let prepared = PreparedContainer(id: id, bundle: directory, cgroupPath: TargetContext.cgroupPath(for: id), workload: workload)
        // The parent of the container's cgroup, made first so it can be counted from the start.
        if daemon.usesCgroupfs, let host = try? CgroupHost.current(), host.layout.unified != nil {
            try host.makeUnifiedDirectory(prepared.cgroupPath)
        }
        return prepared
    }

    /// dockerd with containerd and the shims (their cgroup), and the container's own cgroup,
    /// which runc, started by a shim, puts the container's processes in.
    public func helperCgroups(for container: PreparedContainer) -> HelperCgroups {
        let (daemonDirectory, reason) = daemon.helperCgroup()
        let containerDirectory = daemon.usesCgroupfs ? (try? CgroupHost.current())?.unifiedDirectory(container.cgroupPath) : nil
        let directories = [daemonDirectory, containerDirectory].compactMap { $0 }
        if let reason {
            return HelperCgroups(directories: directories,
                                 coverage: "dockerd, containerd and the shims are not counted: \(reason)")
        }
        return HelperCgroups(directories: directories,
                             coverage: "dockerd, containerd and containerd-shim (their cgroup, idle work during the step included)"
                                 + (containerDirectory == nil ? "" : " and the container's cgroup"))
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        try RealTargetSupport.runWhole(Spawn(try runCommand(container, detached: false)), container, stage: "docker run \(container.id)")
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        try startDetached(container, arguments: try runCommand(container, detached: true))
    }

    /// Runs `arguments` (a `docker run --detach`) and returns once the container runs.
    func startDetached(_ container: PreparedContainer, arguments: [String]) throws -> ContainerRun {
        let create = try RealTargetSupport.timed("create") {
            let outcome = try Spawn(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "docker run --detach \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create], memoryPeakBytes: Cgroup.memoryPeak(path: container.cgroupPath))
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        let stop = try RealTargetSupport.timed("stop") {
            try RealTargetSupport.checked(daemon.command(host: host, ["rm", "--force", container.id]),
                                          stage: "docker rm \(container.id)")
        }
        return ContainerRun(phases: [stop])
    }

    public func cleanup(_ container: PreparedContainer) {
        if let host = daemon.host {
            _ = try? Spawn(daemon.command(host: host, ["rm", "--force", container.id])).run()
            for volume in container.workload.volumes {
                _ = try? Spawn(daemon.command(host: host, ["volume", "rm", "--force", volume.name])).run()
            }
            removeMigrationNetwork(container, host: host)
            EnginePortNetwork.remove(container) { daemon.command(host: host, $0) }
        }
        ZombieReaper.reapOrphans(named: ["containerd-shim"])
        Cgroup.removeAbandoned(path: container.cgroupPath)
        try? FileIO.removeTree(container.bundle)
    }

    public func finish() {
        if let host = daemon.host {
            images.removeAll { reference in
                _ = try? Spawn(daemon.command(host: host, ["rmi", "--force", reference])).run()
            }
            loadedImages.removeAll { reference in
                _ = try? Spawn(daemon.command(host: host, ["rmi", "--force", reference])).run()
            }
        }
        daemon.release()
    }

    func runCommand(_ container: PreparedContainer, detached: Bool) throws -> [String] {
        let host = try daemon.ensureRunning()
        let image = try image(for: container.workload.rootfs, scratch: container.bundle)
        return daemon.command(host: host, DockerTarget.runArguments(container, image: image, detached: detached,
                                                                   cgroupParent: daemon.usesCgroupfs, runtime: runtime))
    }

    public func image(for rootfs: String, scratch: String) throws -> String {
        let host = try daemon.ensureRunning()
        return try images.reference(for: rootfs, scratch: scratch) { tarball, reference in
            try RealTargetSupport.checked(daemon.command(host: host, ["import", tarball, reference]),
                                          stage: "docker import \(rootfs)")
        }
    }
}
