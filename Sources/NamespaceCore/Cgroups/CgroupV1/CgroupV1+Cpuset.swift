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
    static func inheritCpuset(levels: [String], fs: any CgroupFS) throws(CoreError) {
        for level in levels {
            let parent = CgroupPaths.parent(of: level)
            for name in ["cpuset.cpus", "cpuset.mems"] {
                let own = try readTrimmed(level + "/" + name, fs: fs)
                guard own.isEmpty else { continue }
                let inherited = try readTrimmed(parent + "/" + name, fs: fs)
                do { try fs.write(level + "/" + name, inherited) } catch {
                    throw CoreError(stage: "cgroup write \(name)", errno: error.errno, detail: "copying '\(inherited)' from \(parent)")
                }
            }
        }
    }

    private static func readTrimmed(_ path: String, fs: any CgroupFS) throws(CoreError) -> String {
        do { return try fs.read(path).trimmingWhitespace() } catch {
            throw CoreError(stage: "cgroup read \(path)", errno: error.errno)
        }
    }
}
