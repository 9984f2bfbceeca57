#if canImport(Glibc)
import Glibc
#endif

/// Where a cgroup lives in each hierarchy. Cgroup paths are relative to the hierarchy root,
/// e.g. `cbench/oci-ID`, whatever cgroup the caller itself is in.
public enum CgroupPaths {
    /// The parent every cgroup of the project is created under.
    public static let projectParent = "cbench"
    /// How a project cgroup made at a hierarchy's root begins (`cbench-app-ID`): one with no
    /// shared parent, so a container that is the only one need not make and remove `cbench`
    /// in every hierarchy. Cleanup and leak checks find these beside the parent.
    public static let topLevelPrefix = projectParent + "-"

    /// Whether `name`, a directory at a hierarchy's root, is a project cgroup of its own
    /// (`cbench-…`, not the parent itself).
    public static func isTopLevelProjectGroup(_ name: String) -> Bool {
        name.hasPrefix(topLevelPrefix) && name.count > topLevelPrefix.count
    }

    /// Whether relative cgroup `path` lies below the project parent (`cbench/…`), whose empty
    /// levels its owner removes after it.
    public static func isBelowProjectParent(_ path: String) -> Bool {
        path.hasPrefix(projectParent + "/")
    }
    /// Where lab hosts live (`cbench lab`): each host's cgroup namespace is rooted at
    /// `labParent/NAME`, so a path a lab host names lies below that on this host.
    public static let labParent = projectParent + "/lab"

    /// The components of a relative cgroup path; rejects empty, `.` and `..` components so a
    /// path can never leave the hierarchy.
    public static func components(of path: String) throws(CoreError) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0 == "." || $0 == ".." }) else {
            throw CoreError(stage: "cgroup path", errno: EINVAL, detail: "invalid cgroup path '\(path)'")
        }
        return parts
    }

    /// `mountPoint/relative`, with exactly one slash between them.
    public static func absolute(_ relative: String, under mountPoint: String) -> String {
        let trimmed = relative.split(separator: "/").joined(separator: "/")
        if trimmed.isEmpty { return mountPoint }
        return (mountPoint.hasSuffix("/") ? mountPoint : mountPoint + "/") + trimmed
    }

    /// The directory holding `path`: `/a/b` for `/a/b/c`, `/` for `/a`.
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Absolute directories from the first component down to the cgroup itself,
    /// e.g. [/m/cbench, /m/cbench/oci-1].
    public static func levels(of path: String, under mountPoint: String) throws(CoreError) -> [String] {
        let parts = try components(of: path)
        return parts.indices.map { absolute(parts[0...$0].joined(separator: "/"), under: mountPoint) }
    }
}

extension CgroupHost {
    /// The absolute directory of cgroup `path` in the hierarchy carrying `controller`:
    /// on v1 that controller's hierarchy, on v2 (and for `unified`) the cgroup2 tree.
    public func absolutePath(of path: String, controller: String) -> String? {
        if controller == "unified" || layout.mode == .v2 {
            return layout.unified.map { CgroupPaths.absolute(path, under: $0.mountPoint) }
        }
        return layout.v1Hierarchy(for: controller).map { CgroupPaths.absolute(path, under: $0.mountPoint) }
    }
}
