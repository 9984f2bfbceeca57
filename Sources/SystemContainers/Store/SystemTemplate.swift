#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A way to make a new container's root file system and base config.
public enum SystemTemplate: String, Sendable, CaseIterable {
    /// A copy of the busybox root (Scripts/make-busybox-rootfs): busybox init, syslogd, httpd.
    case busybox
    /// A copy of a cached debootstrap of a release (`DebianRootfsCache`): systemd or sysvinit.
    case debian
    /// The flattened root of an app-mode OCI image (`--image`), its /sbin/init or its process.
    case oci

    /// Where the busybox root is built; `CBENCH_BUSYBOX_ROOTFS` overrides it.
    public static var busyboxRootfs: String {
        getenv("CBENCH_BUSYBOX_ROOTFS").map { String(cString: $0) } ?? "\(ProjectDirectories.persistent)/rootfs/busybox"
    }

    /// Written by the last sysinit line of the busybox inittab; on the container's /run tmpfs,
    /// so it is gone again after a stop.
    public static let busyboxReadinessMarker = "/run/cbench-booted"

    public static func named(_ name: String) throws(CoreError) -> SystemTemplate {
        guard let template = SystemTemplate(rawValue: name) else {
            throw CoreError(stage: "template \(name)", detail: "unknown template; available: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return template
    }

    /// The tree the rootfs is copied from: busybox's throws when it has not been built; a
    /// Debian release is bootstrapped into the cache first when missing.
    public func sourceRootfs(release: DebianRelease? = nil, cache: DebianRootfsCache = DebianRootfsCache()) throws(CoreError) -> String {
        if self == .debian { return try cache.rootfs(of: try DebianRelease.named(release?.rawValue)) }
        if self == .oci {
            throw CoreError(stage: "template oci", detail: "its root comes from an image; create with --image NAME[:TAG]")
        }
        let path = Self.busyboxRootfs
        guard access(path + "/bin/busybox", X_OK) == 0, access(path + "/etc/inittab", R_OK) == 0 else {
            throw CoreError(stage: "template busybox", errno: ENOENT,
                            detail: "no busybox root at \(path); build it with Scripts/make-busybox-rootfs \(path)")
        }
        return path
    }

    /// The base config, in LXC syntax with LXC's security defaults.
    public func config(name: String, rootfs: String, release: DebianRelease? = nil) -> String {
        if self == .debian, let release { return Self.debianConfig(name: name, rootfs: rootfs, release: release) }
        // busybox init halts on SIGPWR.
        return Self.configText(heading: "template \(rawValue)", name: name, rootfs: rootfs, initCommand: "/sbin/init", haltSignal: "SIGPWR")
    }

    /// What every template's config says, in LXC syntax: the container's name, root, init and
    /// halt signal, no network, LXC's mounts (after `extraMounts`) and capability drop, and
    /// nothing of the host's terminals (a checkpointable container holds no host files).
    static func configText(heading: String, name: String, rootfs: String, initCommand: String, haltSignal: String,
                           extraMounts: [String] = []) -> String {
        let mounts = extraMounts + ["shm dev/shm tmpfs defaults,create=dir,mode=1777 0 0", "mqueue dev/mqueue mqueue defaults,optional,create=dir 0 0"]
        return """
        # cbench system container '\(name)', \(heading). LXC syntax: lxc.container.conf(5).
        lxc.uts.name = \(name)
        lxc.rootfs.path = dir:\(rootfs)
        lxc.init.cmd = \(initCommand)
        lxc.signal.halt = \(haltSignal)
        lxc.signal.stop = SIGKILL
        lxc.net.0.type = empty
        lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed
        \(mounts.map { "lxc.mount.entry = \($0)" }.joined(separator: "\n"))
        lxc.cap.drop = \(SystemSecurity.defaultCapabilityDrop.joined(separator: " "))
        lxc.tty.max = 0
        lxc.console.path = none

        """
    }

    /// Changes the copied tree needs: the busybox inittab writes the readiness marker once
    /// every sysinit line has run, and /etc/hostname (which rcS applies) names the container.
    /// Files are read from `rootfs` and written below `destination` (the copy itself, or the
    /// upper directory of an overlay over the template's root).
    func customize(rootfs: String, into destination: String? = nil, name: String, release: DebianRelease? = nil) throws(CoreError) {
        let target = destination ?? rootfs
        if self == .debian, let release {
            return try Self.customizeDebian(rootfs: rootfs, into: target, name: name, release: release)
        }
        let text = String(decoding: try FileIO.read(rootfs + "/etc/inittab"), as: UTF8.self)
        try FileIO.makeDirectories(target + "/etc")
        try FileIO.write(target + "/etc/inittab", Array(Self.addingReadinessLine(to: text).utf8))
        try Self.writeHostname(name, rootfs: target)
    }

    /// Directories `customize` writes into, which an overlay's upper directory must hold with
    /// the lower's modes (a directory made there hides the lower one's mode and owner).
    var customizedDirectories: [String] {
        self == .debian ? ["etc", "etc/systemd", "etc/systemd/system", "etc/systemd/system/multi-user.target.wants"] : ["etc"]
    }

    /// Fills the upper directory of an overlay over this template's root `lower` with what
    /// `customize` changes (for `create --snapshot`, and for LXC's overlay clones in the
    /// density runs, so both boot the same tree to the same readiness marker).
    public func prepareOverlayUpper(lower: String, upper: String, name: String, release: DebianRelease? = nil) throws(CoreError) {
        try HostFiles.mirrorDirectories(customizedDirectories, from: lower, into: upper)
        try customize(rootfs: lower, into: upper, name: name, release: release)
    }

    /// As LXC's clonehostname hook does for a clone.
    static func writeHostname(_ name: String, rootfs: String) throws(CoreError) {
        try FileIO.write(rootfs + "/etc/hostname", Array("\(name)\n".utf8))
    }

    public static func addingReadinessLine(to inittab: String) -> String {
        var lines = inittab.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = "::sysinit:/bin/touch \(busyboxReadinessMarker)"
        if lines.contains(marker) { return inittab }
        let position = (lines.lastIndex { $0.hasPrefix("::sysinit:") }).map { $0 + 1 } ?? 0
        lines.insert(marker, at: position)
        return lines.joined(separator: "\n")
    }
}
