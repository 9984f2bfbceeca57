import Glibc
import NamespaceCore
import OCIRuntime

/// The OCI bundle every OCI target runs: runc's default config with the workload's args,
/// the root file system read-only (or, for a workload that writes, an overlay of it that the
/// harness mounts as containerd would), the probe and the workload's binds and tmpfs mounts,
/// a cgroupsPath under /cbench/, the workload's cgroup limits, and optionally a user namespace
/// mapping root to 100000.
public enum OCIBundle {
    /// Where a writable root is mounted inside the bundle.
    static let overlayRoot = "rootfs"

    public static func spec(for workload: ContainerWorkload, cgroupPath: String, root: String? = nil) -> RuntimeSpec {
        var spec = RuntimeSpec.defaultSpec()
        spec.root = RuntimeSpec.Root(path: root ?? workload.rootfs, readonly: root == nil)
        if var process = spec.process {
            process.args = workload.args
            process.terminal = false
            spec.process = process
        }
        var mounts = spec.mounts ?? []
        for bind in workload.binds {
            mounts.append(RuntimeSpec.Mount(destination: bind.destination, type: "bind", source: bind.source,
                                            options: ["rbind", bind.readOnly ? "ro" : "rw"]))
        }
        for tmpfs in workload.tmpfsMounts {
            mounts.append(RuntimeSpec.Mount(destination: tmpfs.destination, type: "tmpfs", source: "tmpfs",
                                            options: ["nosuid", "nodev", "size=\(tmpfs.megabytes)m"]))
        }
        spec.mounts = mounts
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.cgroupsPath = "/" + cgroupPath
        linux.resources = resources(linux.resources, workload.limits)
        if workload.userNamespace {
            linux.namespaces = (linux.namespaces ?? []) + [RuntimeSpec.Namespace(type: "user")]
            let mapping = [IDMapping(
                containerID: 0, hostID: ContainerWorkload.userNamespaceHostID, size: ContainerWorkload.userNamespaceSize)]
            linux.uidMappings = mapping
            linux.gidMappings = mapping
        }
        spec.linux = linux
        return spec
    }

    /// The spec's container joins the network namespace at `path` instead of a new one.
    static func join(network path: String, in spec: inout RuntimeSpec) {
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.namespaces = (linux.namespaces ?? []).filter { $0.type != "network" } + [RuntimeSpec.Namespace(type: "network", path: path)]
        spec.linux = linux
    }

    /// `linux.resources` with the workload's limits added (memory, pids, a CFS quota).
    static func resources(_ resources: RuntimeSpec.Resources?, _ limits: WorkloadLimits) -> RuntimeSpec.Resources? {
        guard !limits.isEmpty else { return resources }
        var resources = resources ?? RuntimeSpec.Resources()
        if let bytes = limits.memoryBytes { resources.memory = RuntimeSpec.Memory(limit: bytes) }
        if let pids = limits.pids { resources.pids = RuntimeSpec.Pids(limit: pids) }
        if let quota = limits.cpuQuotaMicroseconds {
            resources.cpu = RuntimeSpec.CPU(quota: quota, period: UInt64(WorkloadLimits.cpuPeriodMicroseconds))
        }
        return resources
    }

    /// A bundle for `workload` in the work directory, named `id`, in its own engine cgroup.
    /// A writable root is an overlay of the workload's root under `<bundle>/upper`, mounted
    /// at `<bundle>/rootfs` and detached by `release`.
    static func prepare(_ workload: ContainerWorkload, id: String, in context: TargetContext) throws -> PreparedContainer {
        let bundle = "\(context.workDirectory)/\(id)"
        let prepared = PreparedContainer(id: id, bundle: bundle, cgroupPath: TargetContext.cgroupPath(for: id), workload: workload)
        if let volume = workload.volumes.first {
            throw CoreError(stage: "bundle \(id)", errno: EINVAL,
                            detail: "named volume '\(volume.name)': an OCI runtime has none (bind a directory instead)")
        }
        do {
            if let root = writableRoot(of: prepared) {
                try HostMount.overlay(lower: workload.rootfs, upper: "\(bundle)/upper", work: "\(bundle)/work", at: root)
            }
            try write(spec(for: prepared), to: bundle)
        } catch {
            release(prepared)
            throw error
        }
        return prepared
    }

    /// The spec of a prepared container, on its writable root when it has one.
    static func spec(for container: PreparedContainer) -> RuntimeSpec {
        spec(for: container.workload, cgroupPath: container.cgroupPath, root: writableRoot(of: container))
    }

    static func writableRoot(of container: PreparedContainer) -> String? {
        container.workload.writableRoot ? "\(container.bundle)/\(overlayRoot)" : nil
    }

    /// Detaches a writable root and removes the bundle.
    static func release(_ container: PreparedContainer) {
        HostMount.detach("\(container.bundle)/\(overlayRoot)")
        try? FileIO.removeTree(container.bundle)
    }

    /// What an OCI runtime's container is for a measured workload: `runc spec`'s config has
    /// no seccomp section, so its default and a disabled filter are the same.
    static let workloadTraits = WorkloadTraits(root: "overlay mounted by the harness (as containerd gives runc one), not volatile (fsync reaches the disk)",
                                               defaultFilter: nil, namedVolumes: false)

    /// Writes `<bundle>/config.json`, creating the directory.
    public static func write(_ spec: RuntimeSpec, to bundle: String) throws {
        try FileIO.makeDirectories(bundle, mode: 0o755)
        try FileIO.write(bundle + "/config.json", try spec.encodedJSON())
    }
}
