#if canImport(Glibc)
import Glibc
#endif

import NamespaceCore

extension ContainerCheckpointLayout {
    /// The layout of a running container from its launch spec (cgroup mounts expanded): path
    /// kinds are read through the init's root, namespace inodes from their files.
    public static func ofRunning(spec: LaunchSpec, pid: Int32, rootfs: String, cgroup: Cgroup) -> ContainerCheckpointLayout {
        from(spec: spec.expandingCgroupMounts(for: cgroup), rootfs: rootfs, cgroupPath: cgroup.path,
             freezerDirectory: cgroup.mode == .v2 ? nil : cgroup.directory(for: "freezer")?.path,
             kindOf: { path in
                 var info = stat()
                 guard stat("/proc/\(pid)/root\(path)", &info) == 0 else { return nil }
                 return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
             },
             namespaceInode: { path in
                 var info = stat()
                 return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
             })
    }

    /// The same container about to be restored into `cgroup`: bind sources are taken from the
    /// spec again (the cgroup directories are the new ones); what only the running container
    /// could tell (masked files) comes from the checkpoint's manifest.
    public func forRestore(spec: LaunchSpec, cgroup: Cgroup) -> ContainerCheckpointLayout {
        var fresh = ContainerCheckpointLayout.from(spec: spec.expandingCgroupMounts(for: cgroup), rootfs: rootfs,
                                                   cgroupPath: cgroup.path, freezerDirectory: nil,
                                                   kindOf: { _ in nil }, namespaceInode: { _ in nil })
        fresh.maskedFiles = maskedFiles
        fresh.externalNamespaces = externalNamespaces
        fresh.joinedNamespaces = joinedNamespaces
        return fresh
    }
}

extension Cgroup {
    /// CRIU's `--cgroup-root`, one per controller of this cgroup's hierarchies (the cgroup2 one
    /// is CRIU's "unified"): the restored tree's root cgroup is this one there. Hierarchies the
    /// container never joined (hugetlb bound to v1 by Scripts/setup) keep the dumped path, so
    /// CRIU makes nothing in them.
    /// A shared directory (`SharedCpuset`) is the root there: the restored tasks join it.
    public var criuRoots: [CgroupRoot] {
        placedDirectories.flatMap { directory in
            let root = "/" + relativePath(of: directory)
            let controllers = directory.hierarchy.version == .v2 ? ["unified"] : directory.hierarchy.controllers
            return controllers.map { CgroupRoot(controller: $0, path: root) }
        }
    }
}
