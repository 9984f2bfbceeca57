/// The project's cgroups: every directory at or below `<hierarchy root>/cbench`, and at or
/// below each `<hierarchy root>/cbench-…` (app containers' own), deepest first.
/// (Stands in until the cgroups component offers its own leftover listing.)
enum HostCgroupWalk {
    static func cbenchCgroups(mounts: [HostMountEntry], root: HostRoot) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        for mount in mounts where mount.fsType == "cgroup" || mount.fsType == "cgroup2" {
            guard seen.insert(mount.mountPoint).inserted else { continue }
            let parent = hostJoin(mount.mountPoint, Leftovers.cgroupParent)
            if root.isDirectory(parent) { found += directories(at: parent, root: root) }
            for name in root.list(mount.mountPoint) ?? [] where CgroupPaths.isTopLevelProjectGroup(name) {
                let group = hostJoin(mount.mountPoint, name)
                if root.isDirectory(group) { found += directories(at: group, root: root) }
            }
        }
        return found.sorted { lhs, rhs in
            let (left, right) = (depth(lhs), depth(rhs))
            return left != right ? left > right : lhs < rhs
        }
    }

    /// `path` and every directory below it (cgroupfs holds no symlinks).
    static func directories(at path: String, root: HostRoot) -> [String] {
        var result = [path]
        for name in root.list(path) ?? [] {
            let child = hostJoin(path, name)
            if root.isDirectory(child) { result += directories(at: child, root: root) }
        }
        return result
    }

    static func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
