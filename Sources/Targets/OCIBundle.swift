import NamespaceCore
import OCIRuntime

/// The OCI bundle every OCI target runs: runc's default config with the workload's args,
/// the root file system read-only, the probe bind-mounted read-only, a cgroupsPath under
/// /cbench/, and optionally a user namespace mapping root to 100000.
public enum OCIBundle {
    public static func spec(for workload: ContainerWorkload, cgroupPath: String) -> RuntimeSpec {
        var spec = RuntimeSpec.defaultSpec()
        spec.root = RuntimeSpec.Root(path: workload.rootfs, readonly: true)
        if var process = spec.process {
            process.args = workload.args
            process.terminal = false
            spec.process = process
        }
        if let probe = workload.probe {
            spec.mounts = (spec.mounts ?? []) + [
                RuntimeSpec.Mount(destination: ContainerWorkload.probeMountPoint, type: "bind", source: probe, options: ["bind", "ro"])
            ]
        }
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.cgroupsPath = "/" + cgroupPath
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

    /// A bundle for `workload` in the work directory, named `id`, in its own engine cgroup.
    static func prepare(_ workload: ContainerWorkload, id: String, in context: TargetContext) throws -> PreparedContainer {
        let bundle = "\(context.workDirectory)/\(id)"
        let prepared = PreparedContainer(id: id, bundle: bundle, cgroupPath: TargetContext.cgroupPath(for: id), workload: workload)
        try write(spec(for: workload, cgroupPath: prepared.cgroupPath), to: bundle)
        return prepared
    }

    /// Writes `<bundle>/config.json`, creating the directory.
    public static func write(_ spec: RuntimeSpec, to bundle: String) throws {
        try FileIO.makeDirectories(bundle, mode: 0o755)
        try FileIO.write(bundle + "/config.json", try spec.encodedJSON())
    }
}
