#if canImport(Glibc)
import Glibc
#endif
import CShim

extension LaunchPlan {
    func fillRootfs(_ plan: inout cshim_plan, _ spec: LaunchSpec, createsMount: Bool,
                    overlayMountpoint: String?) throws(CoreError) {
        // Without a new mount namespace the caller's / must not be touched at all.
        let propagation = RootPropagationPlan(spec.rootfs?.propagation ?? .rprivate)
        plan.root_propagation = createsMount ? propagation.beforePivot : 0
        plan.root_propagation_after_pivot = createsMount && spec.rootfs != nil ? propagation.afterPivot : 0
        guard let rootfs = spec.rootfs else {
            plan.rootfs_kind = Int32(CSHIM_ROOTFS_NONE.rawValue)
            return
        }
        plan.rootfs_readonly = rootfs.readonly ? 1 : 0
        switch rootfs.source {
        case .directory(let path):
            guard !rootfs.volatile else {
                throw CoreError(stage: "rootfs", errno: EINVAL, detail: "volatile applies to an overlay root, not to the directory \(path)")
            }
            plan.rootfs_kind = Int32(CSHIM_ROOTFS_DIRECTORY.rawValue)
            plan.root_path = arena.string(try Self.rootPath(path))
        case .overlay(let lower, let upper, let work):
            guard !lower.isEmpty else {
                throw CoreError(stage: "rootfs", errno: EINVAL, detail: "overlay needs at least one lower directory")
            }
            for path in lower + [upper, work] where path.contains(",") || path.contains(":") || !path.hasPrefix("/") {
                throw CoreError(stage: "rootfs", errno: EINVAL,
                                detail: "overlay path \(path) must be absolute and hold no ',' or ':'")
            }
            guard let mountpoint = rootfs.mountpoint ?? overlayMountpoint else {
                throw CoreError(stage: "rootfs", errno: EINVAL, detail: "overlay root needs a mount point")
            }
            plan.rootfs_kind = Int32(CSHIM_ROOTFS_OVERLAY.rawValue)
            plan.root_path = arena.string(try Self.rootPath(mountpoint))
            let data = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
            plan.overlay_data = arena.string(rootfs.volatile ? data + ",volatile" : data)
            plan.overlay_data_without_volatile = rootfs.volatile ? arena.string(data) : nil
        }
    }

    /// The root as the kernel will report it in /proc/self/fd links: absolute, symlinks
    /// resolved, no trailing slash. A missing path is kept as given, so the child reports it.
    static func rootPath(_ path: String) throws(CoreError) -> String {
        guard path.hasPrefix("/") else {
            throw CoreError(stage: "rootfs", errno: EINVAL, detail: "\(path) is not an absolute path")
        }
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return path.droppingTrailingSlashes()
    }
}
