import NamespaceCore

/// The cgroup a process is in, as /proc/PID/cgroup shows it from the host: the memory
/// controller's hierarchy on cgroup v1 and hybrid hosts, the unified one on v2. For a
/// container whose runtime chooses the cgroup itself (Docker, podman).
enum ProcessCgroup {
    /// Relative to the hierarchy's root, without the leading slash; nil when unknown.
    static func memoryPath(of pid: Int32) -> String? {
        path(in: FileIO.contents("/proc/\(pid)/cgroup"))
    }

    static func path(in text: String) -> String? {
        var unified: String?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2].drop { $0 == "/" })
            if fields[1].split(separator: ",").contains("memory") { return path }
            if fields[0] == "0", fields[1].isEmpty { unified = path }
        }
        return unified
    }
}
