#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Cgroup {
    /// CRIU puts the restored tasks back into the cgroup2 directory they were dumped from on
    /// this hybrid host (its cgroup root applies to the v1 controllers only), so a container
    /// restored under a new id would leave the old directory behind: its tasks move into this
    /// cgroup's cgroup2 directory and the old one goes (with the `cbench` parent CRIU made for
    /// a checkpoint dumped below it, when that is empty now).
    func adoptUnifiedTasks(from dumpedPath: String) {
        guard dumpedPath != path, let mine = unifiedDirectory?.path, let old = host.unifiedDirectory(dumpedPath),
              let listed = try? host.fs.read(old + "/cgroup.procs") else { return }
        for pid in listed.split(separator: "\n") {
            try? host.fs.write(mine + "/cgroup.procs", String(pid))
        }
        try? host.fs.rmdir(old)
        if CgroupPaths.isBelowProjectParent(dumpedPath) { Cgroup.removeEmptyProjectParents(host: host) }
    }
}
