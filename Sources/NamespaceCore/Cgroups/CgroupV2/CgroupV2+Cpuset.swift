extension CgroupV2 {
    /// v2 cpusets inherit their parent's effective set, so an empty value needs no copying.
    static func cpusetWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let cpus = resources.cpusetCpus {
            writes.append(CgroupFileWrite(file: "cpuset.cpus", value: cpus, feature: .cpuset))
        }
        if let mems = resources.cpusetMems {
            writes.append(CgroupFileWrite(file: "cpuset.mems", value: mems, feature: .cpuset))
        }
        return writes
    }
}
