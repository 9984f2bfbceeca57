#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Cgroup {
    /// CRIU puts the restored tasks back into the cgroup2 directory they were dumped from on
    /// this hybrid host (its cgroup root applies to the v1 controllers only), so a container
    /// restored under a new id would leave the old directory behind: its tasks move into this
    /// cgroup's cgroup2 directory and the old one goes.
    func adoptUnifiedTasks(from dumpedPath: String) {
        guard dumpedPath != path, let mine = unifiedDirectory?.path, let old = host.unifiedDirectory(dumpedPath),
              let listed = try? FileIO.read(old + "/cgroup.procs", limit: 1 << 20) else { return }
        for pid in String(decoding: listed, as: UTF8.self).split(separator: "\n") {
            try? FileIO.write(mine + "/cgroup.procs", Array(pid.utf8))
        }
        rmdir(old)
    }
}
