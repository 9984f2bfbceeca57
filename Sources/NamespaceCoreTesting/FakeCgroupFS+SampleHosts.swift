import NamespaceCore

/// Ready-made fake hosts for unit tests: the mounts and control files of a pure v1, a pure v2
/// and a hybrid machine, with the files a kernel creates in each new cgroup.
extension FakeCgroupFS {
    /// A fake machine of `mode` and a host detected on it. `joinedCpu` mounts cpu and cpuacct
    /// as one hierarchy (`cpu,cpuacct`, most distributions) instead of two (this project's VMs).
    /// `swapAccounting` false leaves out v1's memsw files.
    public static func sampleHost(_ mode: CgroupMode, joinedCpu: Bool = true, swapAccounting: Bool = true,
                                  sendSignal: @escaping CgroupSignalSender = { _, _ in 0 }) -> (CgroupHost, FakeCgroupFS) {
        let fs = FakeCgroupFS()
        let mountinfo = sampleMountinfo(mode, joinedCpu: joinedCpu)
        fs.setFile("/proc/self/mountinfo", mountinfo)
        if mode == .v2 {
            fs.populateV2(at: "/sys/fs/cgroup", rootControllers: "cpuset cpu io memory hugetlb pids rdma misc")
        } else {
            fs.populateV1(joinedCpu: joinedCpu, swapAccounting: swapAccounting)
            if mode == .hybrid { fs.populateV2(at: "/sys/fs/cgroup/unified", rootControllers: "hugetlb") }
        }
        // The fake holds every file detection reads, so this cannot fail.
        let layout = (try? CgroupLayout(mountinfo: mountinfo)) ?? CgroupLayout(mode: mode, v1Hierarchies: [], unified: nil)
        var host = CgroupHost(layout: layout, fs: fs, sendSignal: sendSignal)
        if let detected = try? CgroupHost.detect(fs: fs, sendSignal: sendSignal) { host = detected }
        return (host, fs)
    }

    /// mountinfo lines as Debian writes them for each mode.
    public static func sampleMountinfo(_ mode: CgroupMode, joinedCpu: Bool = true) -> String {
        var lines = [
            "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            "24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw",
        ]
        if mode == .v2 {
            lines.append("31 24 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("31 24 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro,mode=755")
        var id = 32
        if mode == .hybrid {
            lines.append("\(id) 31 0:\(id - 3) / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate")
            id += 1
        }
        for (directory, options) in v1Mounts(joinedCpu: joinedCpu) {
            lines.append("\(id) 31 0:\(id - 3) / /sys/fs/cgroup/\(directory) rw,nosuid,nodev,noexec,relatime shared:\(id - 26) - cgroup cgroup rw,\(options)")
            id += 1
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// (directory under /sys/fs/cgroup, super options) of each v1 hierarchy.
    static func v1Mounts(joinedCpu: Bool) -> [(String, String)] {
        let cpu: [(String, String)] = joinedCpu ? [("cpu,cpuacct", "cpu,cpuacct")] : [("cpu", "cpu"), ("cpuacct", "cpuacct")]
        return [("systemd", "xattr,name=systemd"), ("cpuset", "cpuset")] + cpu + [
            ("memory", "memory"), ("devices", "devices"), ("freezer", "freezer"), ("blkio", "blkio"),
            ("pids", "pids"), ("perf_event", "perf_event"),
        ]
    }

    func populateV1(joinedCpu: Bool, swapAccounting: Bool) {
        var memory = [
            "memory.limit_in_bytes": "9223372036854771712", "memory.soft_limit_in_bytes": "9223372036854771712",
            "memory.usage_in_bytes": "0", "memory.max_usage_in_bytes": "0",
            "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n",
        ]
        if swapAccounting { memory["memory.memsw.limit_in_bytes"] = "9223372036854771712" }
        let cpu = ["cpu.shares": "1024", "cpu.cfs_quota_us": "-1", "cpu.cfs_period_us": "100000"]
        let cpuacct = ["cpuacct.usage": "0"]
        let perController: [String: [String: String]] = [
            "systemd": [:], "cpuset": ["cpuset.cpus": "", "cpuset.mems": "", "cgroup.clone_children": "0", "cpuset.sched_load_balance": "1"],
            "cpu,cpuacct": cpu.merging(cpuacct) { first, _ in first }, "cpu": cpu, "cpuacct": cpuacct,
            "memory": memory, "devices": ["devices.allow": "", "devices.deny": "", "devices.list": "a *:* rwm\n"],
            "freezer": ["freezer.state": "THAWED\n"], "blkio": [:], "pids": ["pids.max": "max", "pids.current": "0"],
            "perf_event": [:],
        ]
        for (directory, _) in Self.v1Mounts(joinedCpu: joinedCpu) {
            let mountPoint = "/sys/fs/cgroup/" + directory
            var files = perController[directory] ?? [:]
            files["cgroup.procs"] = ""
            setTemplate(mountPoint: mountPoint, files: files)
            for (name, contents) in files { setFile(mountPoint + "/" + name, contents) }
        }
        setFile("/sys/fs/cgroup/cpuset/cpuset.cpus", "0-1\n")
        setFile("/sys/fs/cgroup/cpuset/cpuset.mems", "0\n")
    }

    func populateV2(at mountPoint: String, rootControllers: String) {
        let files = [
            "cgroup.procs": "", "cgroup.controllers": "", "cgroup.subtree_control": "", "cgroup.freeze": "0",
            "cgroup.events": "populated 0\nfrozen 0\n", "memory.max": "max", "memory.low": "0",
            "memory.swap.max": "max", "memory.current": "0", "memory.peak": "0",
            "memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n",
            "pids.max": "max", "pids.current": "0", "cpu.weight": "100", "cpu.max": "max 100000",
            "cpu.stat": "usage_usec 0\nuser_usec 0\nsystem_usec 0\n", "cpuset.cpus": "", "cpuset.mems": "",
        ]
        setTemplate(mountPoint: mountPoint, files: files)
        for name in ["cgroup.procs", "cgroup.subtree_control", "cpu.stat"] { setFile(mountPoint + "/" + name, files[name] ?? "") }
        setFile(mountPoint + "/cgroup.controllers", rootControllers)
        // The kernel confirms a freeze in cgroup.events.
        onWrite { path, value in
            guard path.hasSuffix("/cgroup.freeze") else { return [:] }
            return [CgroupPaths.parent(of: path) + "/cgroup.events": "populated 1\nfrozen \(value)\n"]
        }
    }
}
