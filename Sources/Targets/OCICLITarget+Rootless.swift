import NamespaceCore
import OCIRuntime

/// An OCI runtime started by a non-root user on a rootless bundle, as `runc spec --rootless`
/// writes one: a user namespace mapping root inside to the user's own uid and gid (one id
/// each, no helper), no cgroup (a user cannot make one on this cgroup v1 host), /sys bound
/// from the host instead of a fresh sysfs, and devpts without its gid option; the state in
/// the user's directory (`--root`).
extension OCICLITarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "\(name) --root DIR/state run --bundle DIR/bundle as the user, on a rootless config (as runc spec --rootless: root inside mapped to the user's own uid and gid, no cgroup, /sys bound, devpts without gid)"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        let bundle = "\(directory)/bundle"
        try FileIO.makeDirectories(bundle, mode: 0o755)
        try OCIBundle.write(Self.rootlessSpec(rootfs: rootfs, command: command, user: user), to: bundle)
        try user.makeDirectory("\(directory)/state")
        let id = "rootless-\(name)"
        let run = try user.run([executable, "--root", "\(directory)/state", "run", "--bundle", bundle, id], in: directory)
        _ = try? user.run([executable, "--root", "\(directory)/state", "delete", "--force", id], in: directory)
        return [run]
    }

    /// The bundle's config for `user`.
    static func rootlessSpec(rootfs: String, command: [String], user: RootlessUser) -> RuntimeSpec {
        var spec = OCIBundle.spec(for: ContainerWorkload(args: command, rootfs: rootfs), cgroupPath: "")
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.cgroupsPath = nil
        linux.resources = nil
        linux.namespaces = (linux.namespaces ?? []).filter { $0.type != "user" } + [RuntimeSpec.Namespace(type: "user")]
        linux.uidMappings = [IDMapping(containerID: 0, hostID: user.uid, size: 1)]
        linux.gidMappings = [IDMapping(containerID: 0, hostID: user.gid, size: 1)]
        spec.linux = linux
        spec.mounts = (spec.mounts ?? []).compactMap { mount in
            var mount = mount
            switch mount.type {
            case "cgroup": return nil
            case "sysfs": return RuntimeSpec.Mount(destination: "/sys", type: "none", source: "/sys", options: ["rbind", "nosuid", "noexec", "nodev", "ro"])
            case "devpts":
                mount.options = mount.options?.filter { !$0.hasPrefix("gid=") }
                return mount
            default: return mount
            }
        }
        return spec
    }
}
