import NamespaceCore

/// What systemd mode (`AppSystemdMode`) changes in a container's launch, as podman's systemd
/// mode does: a cgroup namespace; the container's own cgroup writable where systemd keeps its
/// units (`Cgroup.systemdContainerMounts`: on a v1 or hybrid host the name=systemd and cgroup2
/// hierarchies, on v2 the one directory); tmpfs on /run, /run/lock, /tmp and /var/log/journal
/// unless a volume or `--tmpfs` is mounted there; `container=cbench` unless the image or `-e`
/// sets `container`; and SIGRTMIN+3 as the stop signal unless the image sets one
/// (`AppProcess.stopSignal`).
public enum AppSystemdPlan {
    public static let tmpfsDirectories = ["/run", "/run/lock", "/tmp", "/var/log/journal"]
    public static let containerVariable = "container=cbench"
    /// systemd's "halt" (systemd(1)); podman's stop signal in systemd mode.
    public static let stopSignal = "SIGRTMIN+3"

    /// The tmpfs mounts, with podman's flags (rw, nosuid, nodev; /tmp world-writable and sticky).
    public static var tmpfsMounts: [MountSpec] {
        tmpfsDirectories.map { path in
            MountSpec(destination: path, type: "tmpfs", source: "tmpfs",
                      options: ["rw", "nosuid", "nodev", path == "/tmp" ? "mode=1777" : "mode=755"])
        }
    }

    /// Changes `spec` (built from the container's record, its mounts those of every container)
    /// for systemd; `userMounts` are the destinations of its volumes and `--tmpfs`, which win.
    public static func apply(to spec: inout LaunchSpec, userMounts: Set<String>) {
        if !spec.namespaces.contains(where: { $0.kind == .cgroup }) { spec.namespaces.append(.init(.cgroup)) }
        spec.mounts = spec.mounts.map { mount in
            guard mount.type == "cgroup" || mount.type == "cgroup2" else { return mount }
            var marked = mount
            marked.options = mount.options.filter { $0 != "ro" && $0 != "rw" } + [LaunchSpec.systemdCgroupMountOption]
            return marked
        }
        let taken = userMounts.union(spec.mounts.map(\.destination))
        spec.mounts += tmpfsMounts.filter { !taken.contains($0.destination) }
        if !spec.environment.contains(where: { $0.hasPrefix("container=") }) { spec.environment.append(containerVariable) }
    }
}
