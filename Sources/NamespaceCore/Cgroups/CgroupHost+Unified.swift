#if canImport(Glibc)
import Glibc
#endif

/// Directories in the cgroup2 tree alone (the whole tree on v2, the tracking tree at
/// /sys/fs/cgroup/unified on hybrid): what perf's cgroup mode counts by, with no controller
/// or limit of their own, for a daemon we start or a workload on the bare host.
extension CgroupHost {
    /// The absolute cgroup2 directory of a relative path; nil on a v1-only host.
    public func unifiedDirectory(_ path: String) -> String? {
        layout.unified.map { CgroupPaths.absolute(path, under: $0.mountPoint) }
    }

    /// Makes the relative `path` (and its parents) in the cgroup2 tree only; returns it absolute.
    @discardableResult
    public func makeUnifiedDirectory(_ path: String) throws(CoreError) -> String {
        guard let unified = layout.unified else {
            throw CoreError(stage: "cgroup2 directory \(path)", errno: ENOENT, detail: "this host has no cgroup2 tree")
        }
        // The same making as a container's cgroup: a project parent that its last user removes
        // at the same moment is made again.
        var created: [String] = []
        do {
            try Cgroup.makeLevels(try CgroupPaths.levels(of: path, under: unified.mountPoint), fs: fs, recordingIn: &created)
        } catch where error.errno == EEXIST {} // the directory itself exists already

        return CgroupPaths.absolute(path, under: unified.mountPoint)
    }

    /// Moves `pid` (its whole thread group) into the cgroup2 directory `path` (relative).
    public func moveToUnified(_ pid: Int32, path: String) throws(CoreError) {
        guard let directory = unifiedDirectory(path) else {
            throw CoreError(stage: "cgroup2 move of \(pid)", errno: ENOENT, detail: "this host has no cgroup2 tree")
        }
        do { try fs.write(directory + "/cgroup.procs", String(pid)) } catch {
            throw CoreError(stage: "cgroup write cgroup.procs", errno: error.errno, detail: "pid \(pid) to \(directory)")
        }
    }

    /// The cgroup2 path of a process, relative (`/` for the root), from the `0::` line of
    /// /proc/PID/cgroup; nil when it cannot be read or the host has no cgroup2 tree.
    public func unifiedPath(ofProcess pid: Int32) -> String? {
        guard layout.unified != nil, let text = try? fs.read("/proc/\(pid)/cgroup") else { return nil }
        return Self.unifiedPath(inProcCgroup: text)
    }

    public static func unifiedPath(inProcCgroup text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("0::") {
            return String(line.dropFirst(3))
        }
        return nil
    }
}
