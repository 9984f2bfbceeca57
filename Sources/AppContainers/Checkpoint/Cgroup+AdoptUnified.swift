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
    /// The restored tree runs meanwhile: a task still in the old directory may fork there after
    /// it was listed, so it is listed again until it is empty (a child of a moved task starts in
    /// the new one); a single pass left it behind in 2 of 3 runs of CheckpointAppTests (05:41 UTC).
    func adoptUnifiedTasks(from dumpedPath: String, passes: Int = 20) {
        guard dumpedPath != path, let mine = unifiedDirectory?.path, let old = host.unifiedDirectory(dumpedPath) else { return }
        for _ in 0..<passes {
            guard let listed = try? host.fs.read(old + "/cgroup.procs") else { return }
            let pids = listed.split(separator: "\n")
            if pids.isEmpty { break }
            for pid in pids {
                try? host.fs.write(mine + "/cgroup.procs", String(pid))
            }
        }
        try? host.fs.rmdir(old)
        if CgroupPaths.isBelowProjectParent(dumpedPath) { Cgroup.removeEmptyProjectParents(host: host) }
    }
}
