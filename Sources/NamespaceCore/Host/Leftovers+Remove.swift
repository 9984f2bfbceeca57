#if canImport(Glibc)
import Glibc
#endif

extension Leftovers {
    /// How many times a dying process or a busy cgroup is polled (with `pause()` between).
    static let pollLimit = 200

    /// Removes `items` in kind order (processes, mounts, cgroups, netns, links, state, temp).
    /// Anything without `cbench` in its path or name is refused, whatever asked for it.
    public static func remove(_ items: [Leftover], actions: any LeftoverActions) -> [LeftoverOutcome] {
        // Mounts and cgroups deepest first whatever order they came in: a parent cannot go
        // before its children. Stacked mounts on one point need no order, as umount takes the top.
        let ordered = items.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element, rhs.element)
            if left.kind != right.kind { return left.kind < right.kind }
            if left.kind == .mount || left.kind == .cgroup {
                let (leftDepth, rightDepth) = (HostCgroupWalk.depth(left.target), HostCgroupWalk.depth(right.target))
                if leftDepth != rightDepth { return leftDepth > rightDepth }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
        // Frozen tasks cannot act on SIGKILL: thaw our cgroups before killing anything.
        if ordered.contains(where: { $0.kind == .process }) {
            for cgroup in ordered where cgroup.kind == .cgroup && cgroup.isOurs {
                _ = actions.thaw(cgroup: cgroup.target)
            }
        }
        return ordered.map { LeftoverOutcome(leftover: $0, error: removeOne($0, actions: actions)) }
    }

    static func removeOne(_ item: Leftover, actions: any LeftoverActions) -> CoreError? {
        guard item.isOurs else {
            return CoreError(stage: "cleanup \(item.summary)", errno: EPERM, detail: "refused: not a cbench path")
        }
        switch item.kind {
        case .process:
            return killProcess(item, actions: actions)
        case .mount:
            return actions.unmount(item.target)
        case .cgroup:
            return removeCgroup(item.target, actions: actions)
        case .networkNamespace:
            return actions.unmount(item.target) ?? actions.removeFile(item.target)
        case .link:
            return actions.deleteLink(item.target)
        case .stateDirectory, .temporaryPath:
            return actions.removeTree(item.target)
        }
    }

    /// SIGKILL only while the pid still has the start time it was found with, then wait for it to go.
    static func killProcess(_ item: Leftover, actions: any LeftoverActions) -> CoreError? {
        guard let pid = item.pid, let expected = item.startTime else {
            return CoreError(stage: "kill \(item.target)", detail: "no recorded start time; left alone")
        }
        guard actions.startTime(of: pid) == expected else { return nil }
        if let error = actions.kill(pid) { return error }
        for _ in 0..<pollLimit {
            guard actions.startTime(of: pid) == expected else { return nil }
            actions.pause()
        }
        return CoreError(stage: "kill \(pid)", detail: "still running after SIGKILL")
    }

    /// rmdir, retried while the kernel still counts exiting tasks in the cgroup (EBUSY).
    static func removeCgroup(_ path: String, actions: any LeftoverActions) -> CoreError? {
        var last: CoreError?
        for _ in 0..<pollLimit {
            last = actions.removeDirectory(path)
            guard let error = last, error.errno == EBUSY else { return last }
            actions.pause()
        }
        return last
    }
}
