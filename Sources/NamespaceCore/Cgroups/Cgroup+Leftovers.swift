#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Every cgroup below the project parent (`cbench`) in every hierarchy, and every project
    /// cgroup at a hierarchy's root (`cbench-…`, with what is inside), deepest first, as
    /// absolute paths: what `cbench cleanup` removes and leak checks look for.
    public static func leftovers(host: CgroupHost) -> [String] {
        var found: [String] = []
        for hierarchy in host.layout.allHierarchies {
            let parent = CgroupPaths.absolute(CgroupPaths.projectParent, under: hierarchy.mountPoint)
            collect(below: parent, fs: host.fs, into: &found)
            for name in (try? host.fs.listDirectories(hierarchy.mountPoint)) ?? [] where CgroupPaths.isTopLevelProjectGroup(name) {
                let group = CgroupPaths.absolute(name, under: hierarchy.mountPoint)
                found.append(group)
                collect(below: group, fs: host.fs, into: &found)
            }
        }
        return found.sorted { lhs, rhs in
            let (left, right) = (lhs.split(separator: "/").count, rhs.split(separator: "/").count)
            return left != right ? left > right : lhs < rhs
        }
    }

    /// Removes the project parent in every hierarchy where it is empty; busy ones (another
    /// container's cgroup inside) stay. Every owner of a cgroup below it calls this once its
    /// own is gone, so the last one out leaves the host as found; a create racing with it
    /// makes the parent again (`makeLevels`).
    public static func removeEmptyProjectParents(host: CgroupHost) {
        for hierarchy in host.layout.allHierarchies {
            let parent = CgroupPaths.absolute(CgroupPaths.projectParent, under: hierarchy.mountPoint)
            try? host.fs.rmdir(parent)
        }
    }

    static func collect(below directory: String, fs: any CgroupFS, into found: inout [String]) {
        guard let children = try? fs.listDirectories(directory) else { return }
        for child in children {
            let path = directory + "/" + child
            found.append(path)
            collect(below: path, fs: fs, into: &found)
        }
    }
}
