extension CgroupResources {
    /// cpuset.cpus and cpuset.mems: the same files and values on v1 and v2.
    var cpusetWrites: [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let cpus = cpusetCpus {
            writes.append(CgroupFileWrite(file: "cpuset.cpus", value: cpus, feature: .cpuset))
        }
        if let mems = cpusetMems {
            writes.append(CgroupFileWrite(file: "cpuset.mems", value: mems, feature: .cpuset))
        }
        return writes
    }
}

extension CgroupV1 {
    /// A new v1 cpuset cgroup starts with empty cpus and mems, and adding a task to it fails
    /// with ENOSPC; each level gets its parent's values unless it already has some.
    ///
    /// Each level that holds the next one (the shared `cbench` parent) also gets
    /// `cgroup.clone_children` 1, so the kernel gives every later child its parent's cpus and
    /// mems at mkdir and nothing is written to it. A write of cpuset.cpus compares the cgroup
    /// with each of its siblings (validate_change) and rebuilds the scheduler domains over every
    /// cpuset on the host: with thousands of containers under one parent that was milliseconds
    /// per start, growing with each container (perf, 2026-12-03). Where the flag cannot be set,
    /// the copy below still makes the cgroup usable.
    ///
    /// A level copied by hand (the shared parent once, or a container's own cgroup at the
    /// hierarchy's root, where the flag is not ours to set) first gets
    /// `cpuset.sched_load_balance` 0, while its cpus are still empty (`unbalanceBeforeCopy`).
    static func inheritCpuset(levels: [String], fs: any CgroupFS) throws(CoreError) {
        for (index, level) in levels.enumerated() {
            let parent = CgroupPaths.parent(of: level)
            var unbalanced = false
            for name in ["cpuset.cpus", "cpuset.mems"] {
                let own = try readTrimmed(level + "/" + name, fs: fs)
                guard own.isEmpty else { continue }
                if !unbalanced {
                    unbalanceBeforeCopy(level, parent: parent, fs: fs)
                    unbalanced = true
                }
                let inherited = try readTrimmed(parent + "/" + name, fs: fs)
                do { try fs.write(level + "/" + name, inherited) } catch {
                    throw CoreError(stage: "cgroup write \(name)", errno: error.errno, detail: "copying '\(inherited)' from \(parent)")
                }
            }
            if index < levels.count - 1 { cloneChildren(of: level, fs: fs) }
        }
    }

    /// Writes `cpuset.sched_load_balance` 0 to `level` when its parent balances (reads 1).
    /// v1 rebuilds the scheduler domains when a balancing cpuset's cpus change, and again when
    /// it goes offline at rmdir (the kernel clears the flag then), walking every cpuset on the
    /// host each time; with the flag off and the cpus still empty neither happens. The
    /// scheduler is the same: the parent's balancing covers all of its cpus, which are the
    /// child's (cgroup-v1/cpusets.rst 1.7: a cpuset's flag does not matter when an ancestor
    /// balancing the same cpus has it). Each write still compares the cgroup with all of its
    /// siblings (validate_change), at the root with every container's: that part grows with N
    /// whatever the flag. An optimisation only: a missing file or a refused write leaves the
    /// flag as it was.
    private static func unbalanceBeforeCopy(_ level: String, parent: String, fs: any CgroupFS) {
        guard (try? readTrimmed(parent + "/cpuset.sched_load_balance", fs: fs)) == "1",
              (try? readTrimmed(level + "/cpuset.sched_load_balance", fs: fs)) == "1" else { return }
        try? fs.write(level + "/cpuset.sched_load_balance", "0")
    }

    /// Sets `cgroup.clone_children` of `level` to 1 when it reads 0 (an optimisation only: a
    /// missing file or a refused write leaves the explicit copy to each child).
    private static func cloneChildren(of level: String, fs: any CgroupFS) {
        let file = level + "/cgroup.clone_children"
        guard (try? readTrimmed(file, fs: fs)) == "0" else { return }
        try? fs.write(file, "1")
    }

    private static func readTrimmed(_ path: String, fs: any CgroupFS) throws(CoreError) -> String {
        do { return try fs.read(path).trimmingWhitespace() } catch {
            throw CoreError(stage: "cgroup read \(path)", errno: error.errno)
        }
    }
}
