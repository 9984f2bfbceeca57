#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension LXCConfig {
    /// The init's launch: new mnt/pid/uts/ipc/cgroup namespaces and, unless the network is
    /// `none`, a net namespace with only `lo`; LXC's proc:mixed/sys:mixed mounts, a tmpfs /dev,
    /// its capability drop and seccomp denylist; unprivileged, Docker's masked paths too (which
    /// `start` locks with `lockingStage`). Cgroup mounts and placement come later
    /// (`expandingCgroupMounts`), once the cgroup exists.
    public func launchSpec(name: String, defaultRootfs: String, hostEnvironment: (String) -> String? = { key in
        getenv(key).map { String(cString: $0) }
    }) throws(CoreError) -> LaunchSpec {
        try checkSupported()
        let rootfs = rootfsPath ?? defaultRootfs
        for path in rootfsOverlay.map({ [$0.lower, $0.upper] }) ?? [rootfs] where access(path, F_OK) != 0 {
            throw CoreError(stage: "container \(name)", errno: ENOENT, detail: "root file system \(path) is missing")
        }
        var spec = LaunchSpec(args: initCommand ?? ["/sbin/init"], environment: environmentList(hostEnvironment))
        spec.namespaces = [.init(.mount), .init(.pid), .init(.uts), .init(.ipc), .init(.cgroup)]
        if sharesHostNetwork == false { spec.namespaces.append(.init(.network)) }
        if isUnprivileged {
            // Every other namespace is then owned by the new user namespace.
            spec.namespaces.insert(.init(.user), at: 0)
            spec.uidMappings = uidMappings
            spec.gidMappings = gidMappings
        }
        spec.loopbackUp = true
        spec.newSession = true
        spec.hostname = utsName ?? name
        if let overlay = rootfsOverlay {
            spec.rootfs = RootfsSpec(.overlay(lower: [overlay.lower], upper: overlay.upper, work: overlay.work))
        } else {
            spec.rootfs = RootfsSpec(.directory(rootfs))
        }
        spec.mounts = autoMounts() + (try entryMounts())
        spec.populateDev = true
        if mountAuto.proc == .mixed { spec.readonlyPaths = ["/proc/sys", "/proc/sysrq-trigger"] }
        if isUnprivileged { spec.maskedPaths = SystemSecurity.maskedPaths }
        spec.capabilities = try SystemSecurity.capabilities(drop: capDrop, keep: capKeep,
                                                            available: SystemSecurity.callerBoundingSet())
        spec.seccomp = try SystemSecurity.seccompProgram(for: self)
        // Without CAP_NET_RAW (dropped by default), ping works through ICMP datagram sockets;
        // a container on the host's network leaves the host's sysctl alone.
        spec.allowPingForAllGroups()
        return spec
    }

    /// Whether `start` locks the masked paths (`LaunchSpec.lockingStage`): unprivileged, and
    /// nesting not allowed.
    public var locksMasks: Bool { isUnprivileged && !allowNesting }

    /// `none` alone shares the host's network, as in LXC; no network or `empty` gives a new
    /// namespace with only loopback.
    public var sharesHostNetwork: Bool {
        let kinds = orderedNetworks.compactMap(\.type)
        return !kinds.isEmpty && kinds.allSatisfy { $0 == .none }
    }

    /// What parses but cannot run yet fails here, before anything is made.
    func checkSupported() throws(CoreError) {
        for network in orderedNetworks {
            switch network.type {
            case .empty?, .none?, .veth?: continue
            case let other?: throw CoreError(stage: "lxc.net.\(network.index).type", detail: "\(other.rawValue) networking is not implemented; use empty or none")
            case nil: throw CoreError(stage: "lxc.net.\(network.index)", detail: "has no type; set lxc.net.\(network.index).type")
            }
        }
        _ = try vethPlans()
        try checkIDMaps()
    }

    /// PATH and `container=lxc` (what systemd and others look for), then lxc.environment.
    func environmentList(_ hostEnvironment: (String) -> String?) -> [String] {
        var list = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "container=lxc", "TERM=linux"]
        for item in environment {
            if item.contains("=") {
                list.append(item)
            } else if let value = hostEnvironment(item) {
                list.append("\(item)=\(value)")
            }
        }
        return list
    }

    func autoMounts() -> [MountSpec] {
        var mounts: [MountSpec] = []
        if mountAuto.proc != nil {
            mounts.append(MountSpec(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "nodev", "noexec"]))
        }
        if let sys = mountAuto.sys {
            mounts.append(MountSpec(destination: "/sys", type: "sysfs", source: "sysfs",
                                    options: ["nosuid", "nodev", "noexec"] + (sys == .rw ? [] : ["ro"])))
        }
        if let cgroup = mountAuto.cgroup {
            // Replaced by the container's own cgroup directories (expandingCgroupMounts).
            mounts.append(MountSpec(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
                                    options: cgroup == .ro ? ["ro"] : []))
        }
        mounts.append(MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs",
                                options: ["nosuid", "strictatime", "mode=755", "size=65536k"]))
        mounts.append(MountSpec(destination: "/dev/pts", type: "devpts", source: "devpts",
                                options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]))
        return mounts
    }

    /// `lxc.mount.entry` lines. An optional one is skipped, as in LXC, when its bind source is
    /// missing or its file system unknown, and also when the mount itself fails in the child.
    func entryMounts() throws(CoreError) -> [MountSpec] {
        var mounts: [MountSpec] = []
        for entry in mountEntries {
            let destination = "/" + entry.target.trimmingCharacters(in: "/")
            let isBind = entry.options.contains("bind") || entry.options.contains("rbind")
            if isBind {
                if entry.isOptional && access(entry.source, F_OK) != 0 { continue }
                mounts.append(MountSpec(destination: destination, type: "bind", source: entry.source, options: entry.kernelOptions,
                                        optional: entry.isOptional))
            } else {
                if entry.isOptional && !Self.kernelKnowsFileSystem(entry.type) { continue }
                mounts.append(MountSpec(destination: destination, type: entry.type, source: entry.source, options: entry.kernelOptions,
                                        optional: entry.isOptional))
            }
        }
        return mounts
    }

    /// Listed in /proc/filesystems.
    static func kernelKnowsFileSystem(_ type: String) -> Bool {
        guard let bytes = try? FileIO.read("/proc/filesystems") else { return false }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").contains { $0.words.last == type }
    }
}
