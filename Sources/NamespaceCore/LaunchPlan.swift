#if canImport(Glibc)
import Glibc
#endif
import CShim

/// A `LaunchSpec` turned into CShim's flat C plan before clone: option strings parsed into
/// flags, names into numbers, every string and array copied into C memory owned by the plan.
/// Keep the plan alive until `Launcher` has seen the child exec.
public final class LaunchPlan {
    let arena = LaunchPlanArena()
    /// The plan the child carries out; stable address for the plan's lifetime.
    public let raw: UnsafeMutablePointer<cshim_plan>
    /// Namespaces to join, in the order the child joins them.
    public let joins: [NamespaceSpec]
    /// The C join table; fds are filled in by `setJoinDescriptor` once opened.
    let joinTable: UnsafeMutablePointer<cshim_join>?
    public let createFlags: UInt64
    public var createsUserNamespace: Bool { createFlags & NamespaceKind.user.cloneFlag != 0 }
    /// False when the parent must write "deny" to setgroups (unprivileged user namespace).
    public let setGroupsAllowed: Bool

    /// - Parameters:
    ///   - privileged: the caller is root in its user namespace (it may allow setgroups).
    ///   - capLast: the highest capability the kernel knows (/proc/sys/kernel/cap_last_cap).
    ///   - overlayMountpoint: where to mount an overlay root when the spec names none.
    public init(_ spec: LaunchSpec, privileged: Bool = geteuid() == 0, capLast: Int32 = LaunchPlan.hostCapLast,
                overlayMountpoint: String? = nil) throws(CoreError) {
        raw = arena.zeroed(cshim_plan.self)
        guard let command = spec.args.first, !command.isEmpty else {
            throw CoreError(stage: "launch spec", errno: EINVAL, detail: "args is empty")
        }
        try Self.refuseNUL(spec.args + spec.environment, what: "args or environment")
        let (create, joins) = try Self.namespaces(spec.namespaces)
        self.joins = joins
        self.createFlags = create
        let joinsUser = joins.contains { $0.kind == .user }
        let createsMount = create & NamespaceKind.mount.cloneFlag != 0
        setGroupsAllowed = privileged || create & NamespaceKind.user.cloneFlag == 0

        var joinEntries: [cshim_join] = []
        for join in joins {
            joinEntries.append(cshim_join(fd: -1, nstype: Int32(truncatingIfNeeded: join.kind.cloneFlag),
                                          path: arena.string(join.path ?? "")))
        }
        joinTable = arena.array(joinEntries).map { UnsafeMutablePointer(mutating: $0) }

        var plan = cshim_plan()
        plan.create_flags = create
        plan.joins = UnsafePointer(joinTable)
        plan.join_count = joins.count
        plan.in_user_namespace = (create & NamespaceKind.user.cloneFlag != 0 || joinsUser) ? 1 : 0

        let needsMountNamespace = spec.rootfs != nil || !spec.mounts.isEmpty || !spec.devices.isEmpty
            || !spec.maskedPaths.isEmpty || !spec.readonlyPaths.isEmpty
        if needsMountNamespace && !createsMount {
            throw CoreError(stage: "launch spec", errno: EINVAL,
                            detail: "rootfs, mounts, devices and masked/readonly paths need a new mount namespace")
        }
        try fillRootfs(&plan, spec, createsMount: createsMount, overlayMountpoint: overlayMountpoint)
        try fillMounts(&plan, spec)
        try fillDevices(&plan, spec)
        plan.populate_dev = spec.populateDev ? 1 : 0
        plan.masked_paths = arena.array(spec.maskedPaths.map { arena.string($0) }).map { UnsafePointer($0) }
        plan.masked_count = spec.maskedPaths.count
        plan.readonly_paths = arena.array(spec.readonlyPaths.map { arena.string($0) }).map { UnsafePointer($0) }
        plan.readonly_count = spec.readonlyPaths.count
        plan.lock_stage = try Self.lockStage(spec, create: create, joins: joins).map { arena.string($0) }

        try fillProperties(&plan, spec, create: create, joins: joins)
        try fillIdentity(&plan, spec, capLast: capLast)
        try fillProcess(&plan, spec)
        raw.pointee = plan
    }

    /// Sets the open descriptor of the `index`th join (in `joins` order).
    public func setJoinDescriptor(_ index: Int, fd: Int32) {
        joinTable?[index].fd = fd
    }

    /// Sets the descriptors of the v1 `tasks` files the child joins and the cgroup2
    /// directory it is cloned into (-1: none).
    public func setCgroupDescriptors(taskFiles: [Int32], cloneInto: Int32) {
        raw.pointee.cgroup_task_fds = arena.array(taskFiles)
        raw.pointee.cgroup_task_count = taskFiles.count
        raw.pointee.clone_into_cgroup_fd = cloneInto
    }

    /// Sets the O_PATH descriptor of the start-gate FIFO.
    public func setStartGateDescriptor(_ fd: Int32) {
        raw.pointee.start_gate_fd = fd
    }

    /// /proc/sys/kernel/cap_last_cap, or the last capability this build knows.
    public static let hostCapLast: Int32 = {
        if let text = LauncherFiles.read("/proc/sys/kernel/cap_last_cap"),
           let value = Int32(text.split(separator: "\n").first ?? "") {
            return value
        }
        return Int32(Capability.lastKnown)
    }()

    static func refuseNUL(_ strings: [String], what: String) throws(CoreError) {
        if strings.contains(where: { $0.utf8.contains(0) }) {
            throw CoreError(stage: "launch spec", errno: EINVAL, detail: "\(what) contain a NUL byte")
        }
    }
}
