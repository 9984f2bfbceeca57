#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Cgroup {
    /// Hands an unprivileged container's cgroup to its root, as LXC does and cgroup delegation
    /// (cgroup-v2.rst, "Delegation") describes: in every hierarchy the directory and the files
    /// that move processes and enable controllers belong to the mapped root. systemd as the
    /// init makes init.scope and its slices below it (EACCES otherwise, and it exits). The
    /// limits stay host root's.
    func delegate(to owner: SystemRootOwner) throws(CoreError) {
        for directory in directories { try Self.delegate(directory, to: owner) }
    }

    static func delegate(_ directory: CgroupDirectory, to owner: SystemRootOwner) throws(CoreError) {
        guard owner != .hostRoot else { return }
        let files = directory.hierarchy.version == .v2
            ? ["cgroup.procs", "cgroup.threads", "cgroup.subtree_control"]
            : ["tasks", "cgroup.procs", "cgroup.clone_children"]
        for path in [directory.path] + files.map(directory.file) {
            guard chown(path, owner.uid, owner.gid) == 0 || errno == ENOENT else {
                throw CoreError(stage: "cgroup delegate \(path) to \(owner.uid):\(owner.gid)", errno: errno)
            }
        }
    }
}
