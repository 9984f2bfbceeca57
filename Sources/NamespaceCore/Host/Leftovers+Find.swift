extension Leftovers {
    /// Everything the project left, in removal order, except what belongs to a live cbench
    /// process (`owners`, by default the live records of `LiveOwners`). `root` stands for `/`
    /// (a fake tree in tests); `mountinfo` defaults to `root`'s /proc/self/mountinfo.
    public static func find(root: HostRoot = .system, mountinfo: String? = nil, owners: [OwnerRecord]? = nil) -> [Leftover] {
        sparing(everything(root: root, mountinfo: mountinfo), owners: owners ?? LiveOwners.live(root: root))
    }

    /// What a live owner keeps: anything whose path, name or evidence holds one of its tags,
    /// the owner processes themselves, and while any owner lives, /run/cbench and the
    /// `cbench` parent cgroups its containers sit in.
    static func sparing(_ found: [Leftover], owners: [OwnerRecord]) -> [Leftover] {
        guard !owners.isEmpty else { return found }
        let ownerPids = Set(owners.map(\.pid))
        return found.filter { leftover in
            if owners.contains(where: { $0.owns(leftover.target) || $0.owns(leftover.evidence) }) { return false }
            switch leftover.kind {
            case .process: return !(leftover.pid.map(ownerPids.contains) ?? false)
            case .stateDirectory: return false
            case .cgroup: return !isTopProjectParent(leftover.target)
            default: return true
            }
        }
    }

    /// A hierarchy's own `cbench` parent, not one nested deeper (a lab host's `cbench`
    /// below `cbench/lab/NAME` is the lab's, and `lab down` must see it).
    static func isTopProjectParent(_ path: String) -> Bool {
        let suffix = "/" + cgroupParent
        guard path.hasSuffix(suffix) else { return false }
        return !path.dropLast(suffix.count).contains(suffix + "/")
    }

    static func everything(root: HostRoot, mountinfo: String?) -> [Leftover] {
        let mounts = HostMountTable.parse(mountinfo ?? root.read("/proc/self/mountinfo") ?? "")
        // A hierarchy also mounted inside one of our root file systems is the same cgroup tree:
        // walk it only where the host mounts it.
        let cgroups = HostCgroupWalk.cbenchCgroups(mounts: mounts.filter { !isOurPath($0.mountPoint) }, root: root)
        let monitors = monitors(root: root)
        let known = Set(monitors.compactMap(\.pid))
        return monitors + processes(cgroups: cgroups, root: root).filter { !known.contains($0.pid ?? 0) }
            + ourMounts(mounts)
            + cgroups.map { Leftover(kind: .cgroup, target: $0, evidence: "") }
            + networkNamespaces(root: root)
            + links(root: root)
            + stateDirectories(root: root)
            + temporaryPaths(root: root)
            + ephemeralStores(root: root)
    }

    /// A mount point the project owns: below /run/cbench or /var/lib/cbench, or a /tmp/cbench-* path.
    /// Network namespace files are listed apart, because they are unlinked as well.
    public static func isOurPath(_ path: String) -> Bool {
        path == stateRoot || path.hasPrefix(stateRoot + "/")
            || path == cacheRoot || path.hasPrefix(cacheRoot + "/")
            || (path.hasPrefix(temporaryPrefix) && path.count > temporaryPrefix.count)
    }

    /// Recorded in a state file with a matching start time, or living in one of our cgroups.
    static func processes(cgroups: [String], root: HostRoot) -> [Leftover] {
        var found: [Leftover] = []
        var seen = Set<Int32>()
        for file in HostStateFile.jsonFiles(below: stateRoot, root: root) {
            guard let text = root.read(file),
                  let record = HostStateFile.recordedProcess(in: text, file: file),
                  let recordedStart = record.startTime,
                  let now = HostProcessStat.read(pid: record.pid, root: root),
                  now.state != "Z", now.startTime == recordedStart,
                  !seen.contains(record.pid) else { continue }
            seen.insert(record.pid)
            found.append(Leftover(kind: .process, target: String(record.pid), evidence: file,
                                  pid: record.pid, startTime: recordedStart))
        }
        for cgroup in cgroups {
            for line in (root.read(hostJoin(cgroup, "cgroup.procs")) ?? "").split(separator: "\n") {
                guard let pid = Int32(line.trimmingWhitespace()), !seen.contains(pid),
                      let now = HostProcessStat.read(pid: pid, root: root), now.state != "Z" else { continue }
                seen.insert(pid)
                found.append(Leftover(kind: .process, target: String(pid), evidence: cgroup,
                                      pid: pid, startTime: now.startTime))
            }
        }
        return found
    }

    /// Deepest first; of mounts stacked on one point, the newest (highest id) first.
    static func ourMounts(_ mounts: [HostMountEntry]) -> [Leftover] {
        mounts.filter { isOurPath($0.mountPoint) }
            .sorted { lhs, rhs in
                let (left, right) = (HostCgroupWalk.depth(lhs.mountPoint), HostCgroupWalk.depth(rhs.mountPoint))
                return left != right ? left > right : lhs.mountID > rhs.mountID
            }
            .map { Leftover(kind: .mount, target: $0.mountPoint, evidence: $0.fsType) }
    }

    static func networkNamespaces(root: HostRoot) -> [Leftover] {
        (root.list(netnsDirectory) ?? []).filter { $0.hasPrefix(netnsPrefix) }
            .map { Leftover(kind: .networkNamespace, target: hostJoin(netnsDirectory, $0), evidence: "") }
    }

    static func links(root: HostRoot) -> [Leftover] {
        (root.list("/sys/class/net") ?? []).filter { $0.hasPrefix(linkPrefix) }
            .map { Leftover(kind: .link, target: $0, evidence: "") }
    }

    static func stateDirectories(root: HostRoot) -> [Leftover] {
        root.exists(stateRoot) ? [Leftover(kind: .stateDirectory, target: stateRoot, evidence: "")] : []
    }

    /// /tmp/cbench-* and the half-built trees an interrupted set-up leaves in the cache
    /// (`*.partial.*` from Scripts/setup, `*.tmp` and `*.old.*` from Scripts/make-busybox-rootfs,
    /// `*.partial.*` and `*.old.*` of an application stack's build in stacks/NAME).
    /// The caches themselves (busybox root, CRIU tree, built stacks) stay.
    static func temporaryPaths(root: HostRoot) -> [Leftover] {
        let temporary = (root.list("/tmp") ?? []).filter { $0.hasPrefix("cbench-") }
            .map { Leftover(kind: .temporaryPath, target: "/tmp/" + $0, evidence: "") }
        let stacks = hostJoin(cacheRoot, "stacks")
        let stackDirectories = (root.list(stacks) ?? []).map { hostJoin(stacks, $0) }
        let partial = ([cacheRoot, hostJoin(cacheRoot, "rootfs")] + stackDirectories).flatMap { directory in
            (root.list(directory) ?? []).filter(isInterruptedBuild)
                .map { Leftover(kind: .temporaryPath, target: hostJoin(directory, $0), evidence: "interrupted setup") }
        }
        return temporary + partial
    }

    static func isInterruptedBuild(_ name: String) -> Bool {
        name.contains(".partial.") || name.contains(".old.") || name.hasSuffix(".tmp")
    }
}
