#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// The peak memory of the cgroup at `path` (v1 `memory.max_usage_in_bytes`, v2
    /// `memory.peak` on kernels 5.19+), read after a container's process exited and before
    /// its runtime removed the cgroup; nil where the file or the cgroup is missing.
    public static func memoryPeak(path: String, host: CgroupHost) -> UInt64? {
        (try? open(path: path, host: host))?.stats().memoryPeak
    }

    /// `memoryPeak(path:host:)` on this machine.
    public static func memoryPeak(path: String) -> UInt64? {
        (try? CgroupHost.current()).flatMap { memoryPeak(path: path, host: $0) }
    }

    /// Removes what a runtime that crashed between create and delete left at `path`, in every
    /// hierarchy, with any sub-cgroups it made inside (LXC's `lxc.pivot`), deepest first, then
    /// the project parent where that left it empty (the last one out removes it, as container
    /// teardown does; a concurrent create makes it again, `makeLevels`). Best effort: a cgroup
    /// still busy stays, and the leak checks report it.
    ///
    /// A runtime's monitor may still be on its way out when its stop command returns (LXC's
    /// moves itself into `lxc.pivot` as it exits), so a level that stays is tried again, up to
    /// the same wait as `remove()` gives a busy cgroup. Returns whether nothing is left.
    @discardableResult
    public static func removeAbandoned(path: String, host: CgroupHost) -> Bool {
        guard let relative = try? CgroupPaths.components(of: path).joined(separator: "/") else { return false }
        let directories = host.layout.allHierarchies.map { CgroupPaths.absolute(relative, under: $0.mountPoint) }
        for attempt in 0..<waitAttempts {
            for directory in directories where host.fs.exists(directory) {
                var below: [String] = []
                collect(below: directory, fs: host.fs, into: &below)
                // Collected parents first, so reversed the children go first.
                for level in below.reversed() + [directory] { try? host.fs.rmdir(level) }
            }
            if !directories.contains(where: host.fs.exists) {
                removeEmptyProjectParents(host: host)
                return true
            }
            if attempt < waitAttempts - 1 { usleep(waitPauseMicroseconds) }
        }
        return false
    }

    /// `removeAbandoned(path:host:)` on this machine.
    public static func removeAbandoned(path: String) {
        if let host = try? CgroupHost.current() { removeAbandoned(path: path, host: host) }
    }
}
