import NamespaceCore

extension AppSecurity {
    /// Where the init binary is bound inside the container (Docker uses /sbin/docker-init).
    public static let initPathInContainer = "/sbin/cbench-init"

    /// Docker's mounts for every container, in mount order. The `cgroup` entry is a marker:
    /// `LaunchSpec.expandingCgroupMounts(for:)` replaces it by the container's own cgroup.
    public static let defaultMounts: [MountSpec] = [
        MountSpec(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
        MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        MountSpec(destination: "/dev/pts", type: "devpts", source: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        MountSpec(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
        MountSpec(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        MountSpec(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]),
    ]

    /// The read-only bind of the init binary at `initPathInContainer`; the container's
    /// args become `[initPathInContainer, "--"] + args` (see `AppSecurityOptions.apply`).
    public static func initMount(hostPath: String) -> MountSpec {
        MountSpec(destination: initPathInContainer, type: "bind", source: hostPath, options: ["bind", "ro", "nosuid", "nodev"])
    }
}
