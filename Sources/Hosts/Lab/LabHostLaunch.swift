#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The launch of a lab host: its sshd, started by the core's launcher in the host's network
/// namespace (joined), a new mount, UTS and cgroup namespace, placed in its own cgroup first.
/// The mount namespace gets, in this order (each source still visible when it is mounted):
/// - /etc/ssh: the host's own sshd config, host key and authorized key (read-only);
/// - the shared read-only caches bound into the private store, then the private store itself
///   (recursively, caches included) at /var/lib/cbench;
/// - a fresh /run (so /run/cbench, /run/netns and sshd's /run/sshd are the host's own) and /tmp;
/// - the tree cbench runs from, again at its own path, when the fresh /tmp or /run hid it (a
///   build in a fresh clone below /tmp): it is staged in the private store before the store
///   covers /var/lib/cbench, since a bind's source must still be visible when it is mounted;
/// - a fresh sysfs (its /sys/class/net shows this namespace's links) and the cgroup
///   hierarchies mounted again inside the cgroup namespace (`LabCgroups`).
/// No pid namespace: lab hosts share the kernel's pids like its cgroupfs, so the pids they
/// record in state files stay valid for the host's `cbench cleanup`.
public struct LabHostLaunch: Sendable {
    public var host: LabHostPlan
    public var files: LabSSHFiles
    public var cgroups: LabCgroups
    /// Caches of /var/lib/cbench shared read-only with every lab host (that exist here).
    public var sharedCaches: [String]
    /// The tree of the cbench program (its package or install prefix) when a fresh tmpfs of the
    /// lab host would hide it; nil when it stays visible as it is.
    public var hiddenProgramTree: String?

    /// Below /var/lib/cbench: the busybox and Debian roots, and the CRIU tree whatever Debian
    /// suite it came from (`criu-trixie`, `criu-forky`): the host's criu wrapper names it, and
    /// inside a lab host the same wrapper must find it.
    public static func isCache(_ name: String) -> Bool {
        name == "rootfs" || (name.hasPrefix("criu-") && !name.contains(".partial"))
    }

    public init(host: LabHostPlan, files: LabSSHFiles, cgroups: LabCgroups, sharedCaches: [String],
                hiddenProgramTree: String? = nil) {
        self.host = host
        self.files = files
        self.cgroups = cgroups
        self.sharedCaches = sharedCaches
        self.hiddenProgramTree = hiddenProgramTree
    }

    /// The directories a lab host gets fresh, so nothing of the host's below them is seen.
    static let freshDirectories = ["/run", "/tmp"]
    /// Where the program tree waits, inside the private store, for the fresh /tmp or /run.
    static let programStaging = ".cbench-program"

    /// The program's package (its build tree) or install prefix, or else its directory, when that
    /// lies below a directory the lab host gets fresh.
    public static func hiddenProgramTree(of layout: InstallLayout) -> String? {
        guard let executable = layout.executable else { return nil }
        let tree = layout.packageRoot ?? layout.prefix ?? InstallLayout.directory(of: executable)
        return freshDirectories.contains { tree == $0 || tree.hasPrefix($0 + "/") } ? tree : nil
    }

    public var environment: [String] {
        ["PATH=\(files.path)", "CBENCH_EXECUTABLE=\(files.cbenchExecutable)", "HOME=/root"]
    }

    public func spec(logDescriptor: Int32, nullDescriptor: Int32) -> LaunchSpec {
        var spec = LaunchSpec(args: ["/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/sshd_config"], environment: environment)
        spec.namespaces = [
            NamespaceSpec(.network, path: "\(NetworkNamespace.directory)/\(host.networkNamespace)"),
            NamespaceSpec(.mount), NamespaceSpec(.uts), NamespaceSpec(.cgroup),
        ]
        spec.hostname = host.name
        // A lab host may route between its containers and the underlay (`--driver routed`).
        spec.sysctl = ["net.ipv4.ip_forward": "1"]
        spec.mounts = mounts
        spec.cgroupPlacement = cgroups.placement(host)
        spec.stdio = .fds(stdin: nullDescriptor, stdout: logDescriptor, stderr: logDescriptor)
        return spec
    }

    public var mounts: [MountSpec] {
        var specs = [MountSpec(destination: "/etc/ssh", type: "bind", source: host.sshDirectory, options: ["bind", "ro", "nosuid", "nodev"])]
        for cache in sharedCaches {
            let name = cache.split(separator: "/").last.map(String.init) ?? cache
            specs.append(MountSpec(destination: "\(host.storeDirectory)/\(name)", type: "bind", source: cache,
                                   options: ["rbind", "ro", "nosuid", "nodev"]))
        }
        if let tree = hiddenProgramTree {
            specs.append(MountSpec(destination: "\(host.storeDirectory)/\(Self.programStaging)", type: "bind", source: tree, options: ["rbind"]))
        }
        specs.append(MountSpec(destination: ProjectDirectories.persistent, type: "bind", source: host.storeDirectory, options: ["rbind"]))
        specs.append(MountSpec(destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=755"]))
        specs.append(MountSpec(destination: "/run/sshd", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=755"]))
        specs.append(MountSpec(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]))
        if let tree = hiddenProgramTree {
            specs.append(MountSpec(destination: tree, type: "bind", source: "\(ProjectDirectories.persistent)/\(Self.programStaging)", options: ["rbind"]))
        }
        specs.append(MountSpec(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "nodev", "noexec"]))
        return specs + cgroups.mounts()
    }

    /// The caches of this machine that exist, as absolute paths.
    public static func existingCaches(root: HostRoot = .system, directory: String = ProjectDirectories.persistent) -> [String] {
        (root.list(directory) ?? []).filter(isCache).map { "\(directory)/\($0)" }.filter(root.isDirectory)
    }
}
