import NamespaceCore
import OCIRuntime

/// An OCI runtime has no systemd mode: its user writes into `runc spec`'s config what systemd
/// needs, found by hand here (runc 1.1.5, crun 1.8.1, cbench-oci; hybrid cgroup host; the
/// Debian bookworm root):
/// - with `runc spec`'s config as it is, systemd exits at once (no cgroup namespace, the cgroup
///   tree read-only);
/// - a cgroup namespace, the cgroup mount writable, tmpfs on /run, /run/lock and /tmp and
///   `container=oci`: systemd boots, but only "degraded": systemd-journald fails with
///   218/CAPABILITIES, since `runc spec` keeps 3 capabilities (CAP_SYS_ADMIN added changes nothing);
/// - with Docker's default capabilities and CAP_SYS_ADMIN (what Docker's cell boots with) and
///   no no_new_privs: "running", 8 services, on all three.
/// Its stop is `kill ID SIGRTMIN+3` (systemd's halt); the runtime's config has no stop signal.
extension OCICLITarget: SystemdBootingTarget {
    public var systemdMeans: String {
        "\(name) run --detach of runc spec's config with /sbin/init and what a user adds for systemd: \(OCIBundle.systemdChanges)"
            + " (stopped with `\(name) kill ID SIGRTMIN+3`: the config has no stop signal)"
    }

    public func startSystemd(_ container: PreparedContainer) throws {
        try OCIBundle.write(OCIBundle.bootingSystemd(OCIBundle.spec(for: container)), to: container.bundle)
        try startIdle(container)
    }
}

extension OCIBundle {
    /// Docker 20.10's default capabilities: those a user copies from a working Docker setup.
    static let dockerDefaultCapabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]
    static let systemdTmpfs = ["/run", "/run/lock", "/tmp"]

    /// What `bootingSystemd` changes, for the evidence.
    static var systemdChanges: String {
        "a cgroup namespace, /sys/fs/cgroup writable, tmpfs on \(systemdTmpfs.joined(separator: ", ")), container=oci,"
            + " Docker's default capabilities and CAP_SYS_ADMIN, no no_new_privs"
    }

    /// `spec` as a user of a bare runtime rewrites it to boot systemd (see OCICLITarget+Systemd).
    static func bootingSystemd(_ spec: RuntimeSpec) -> RuntimeSpec {
        var spec = spec
        var linux = spec.linux ?? RuntimeSpec.Linux()
        linux.namespaces = (linux.namespaces ?? []).filter { $0.type != "cgroup" } + [RuntimeSpec.Namespace(type: "cgroup")]
        spec.linux = linux
        var mounts = (spec.mounts ?? []).map { mount -> RuntimeSpec.Mount in
            guard mount.destination == "/sys/fs/cgroup" else { return mount }
            var writable = mount
            writable.options = (mount.options ?? []).filter { $0 != "ro" && $0 != "rw" } + ["rw"]
            return writable
        }
        mounts.removeAll { systemdTmpfs.contains($0.destination) }
        mounts += systemdTmpfs.map {
            RuntimeSpec.Mount(destination: $0, type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", $0 == "/tmp" ? "mode=1777" : "mode=755"])
        }
        spec.mounts = mounts
        if var process = spec.process {
            process.env = (process.env ?? []).filter { !$0.hasPrefix("container=") } + ["container=oci"]
            let capabilities = dockerDefaultCapabilities + ["CAP_SYS_ADMIN"]
            process.capabilities = RuntimeSpec.Capabilities(bounding: capabilities, effective: capabilities, permitted: capabilities)
            process.noNewPrivileges = false
            spec.process = process
        }
        return spec
    }
}
