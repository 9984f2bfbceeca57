#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Finds an existing cgroup (made by another process, e.g. `cbench-oci create`) in every
    /// hierarchy where it exists. Only its own directory is owned: `remove()` leaves parents.
    public static func open(path: String, host: CgroupHost) throws(CoreError) -> Cgroup {
        let relative = try CgroupPaths.components(of: path).joined(separator: "/")
        // On-demand hierarchies too: a cgroup made with hugetlb limits must be removed there as well.
        let directories = targetHierarchies(host: host, demanding: CgroupV1.onDemandControllers).compactMap { hierarchy -> CgroupDirectory? in
            let absolute = CgroupPaths.absolute(relative, under: hierarchy.mountPoint)
            return host.fs.exists(absolute) ? CgroupDirectory(hierarchy: hierarchy, path: absolute) : nil
        }
        guard !directories.isEmpty else {
            throw CoreError(stage: "cgroup open \(relative)", errno: ENOENT, detail: "in no hierarchy")
        }
        // A container in its store's shared cpuset group has no cpuset directory of its own;
        // which group it shares is looked up when asked (nil: not known yet).
        return Cgroup(path: relative, host: host, directories: directories,
                      ownedLevels: directories.map(\.path), unsupportedOnThisMode: [],
                      sharedDirectories: nil)
    }

    /// `open(path:host:)` on this machine.
    public static func open(path: String) throws(CoreError) -> Cgroup {
        try open(path: path, host: CgroupHost.current())
    }

    /// `create(path:resources:host:)` on this machine.
    public static func create(path: String, resources: CgroupResources = CgroupResources(),
                              sharingCpuset: SharedCpuset? = nil) throws(CoreError) -> Cgroup {
        try create(path: path, resources: resources, host: CgroupHost.current(), sharingCpuset: sharingCpuset)
    }
}
