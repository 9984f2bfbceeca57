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
    /// hierarchy, with any sub-cgroups it made inside (LXC's `lxc.pivot`), deepest first. Only
    /// that leaf: the shared project parent stays for the session or `cbench cleanup`. Best
    /// effort: a cgroup still busy stays, and the leak checks report it.
    public static func removeAbandoned(path: String, host: CgroupHost) {
        guard let relative = try? CgroupPaths.components(of: path).joined(separator: "/") else { return }
        for hierarchy in host.layout.allHierarchies {
            let directory = CgroupPaths.absolute(relative, under: hierarchy.mountPoint)
            guard host.fs.exists(directory) else { continue }
            var below: [String] = []
            collect(below: directory, fs: host.fs, into: &below)
            // Collected parents first, so reversed the children go first.
            for level in below.reversed() + [directory] { try? host.fs.rmdir(level) }
        }
    }

    /// `removeAbandoned(path:host:)` on this machine.
    public static func removeAbandoned(path: String) {
        if let host = try? CgroupHost.current() { removeAbandoned(path: path, host: host) }
    }
}
