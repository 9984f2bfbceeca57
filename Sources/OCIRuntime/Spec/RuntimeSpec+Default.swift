extension RuntimeSpec {
    /// The config `runc spec` writes (same mounts, masked and read-only paths, capabilities,
    /// RLIMIT_NOFILE 1024, pid/network/ipc/uts/mount namespaces, deny-all device rule), except
    /// `terminal` is false: this runtime does not allocate terminals. The hostname is `cbench`.
    public static func defaultSpec() -> RuntimeSpec {
        let defaultCapabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
        let process = Process(
            terminal: false,
            user: User(uid: 0, gid: 0),
            args: ["sh"],
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            cwd: "/",
            capabilities: Capabilities(bounding: defaultCapabilities, effective: defaultCapabilities,
                                       permitted: defaultCapabilities, ambient: defaultCapabilities),
            rlimits: [Rlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)],
            noNewPrivileges: true)
        let linux = Linux(
            namespaces: ["pid", "network", "ipc", "uts", "mount"].map { Namespace(type: $0) },
            resources: Resources(devices: [DeviceRule(allow: false, access: "rwm")]),
            maskedPaths: [
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
            ],
            readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
        return RuntimeSpec(
            ociVersion: supportedVersion,
            process: process,
            root: Root(path: "rootfs", readonly: true),
            hostname: "cbench",
            mounts: defaultMounts,
            linux: linux)
    }

    static let defaultMounts: [Mount] = [
        Mount(destination: "/proc", type: "proc", source: "proc"),
        Mount(destination: "/dev", type: "tmpfs", source: "tmpfs",
              options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        Mount(destination: "/dev/pts", type: "devpts", source: "devpts",
              options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        Mount(destination: "/dev/shm", type: "tmpfs", source: "shm",
              options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue",
              options: ["nosuid", "noexec", "nodev"]),
        Mount(destination: "/sys", type: "sysfs", source: "sysfs",
              options: ["nosuid", "noexec", "nodev", "ro"]),
        Mount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
              options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
    ]
}
