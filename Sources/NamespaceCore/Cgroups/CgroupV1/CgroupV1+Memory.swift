extension CgroupV1 {
    /// limit before memsw: a fresh cgroup starts unlimited in both, and the kernel requires
    /// memsw >= limit at every step.
    static func memoryWrites(_ resources: CgroupResources) -> [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let limit = resources.memoryLimit {
            writes.append(CgroupFileWrite(file: "memory.limit_in_bytes", value: String(limit), feature: .memory))
        }
        if let reservation = resources.memoryReservation {
            writes.append(CgroupFileWrite(file: "memory.soft_limit_in_bytes", value: String(reservation),
                                          feature: .memoryReservation))
        }
        if let swap = resources.memorySwapLimit {
            writes.append(CgroupFileWrite(file: "memory.memsw.limit_in_bytes", value: String(swap),
                                          feature: .memorySwap, skipIfMissing: true))
        }
        if let swappiness = resources.memorySwappiness {
            writes.append(CgroupFileWrite(file: "memory.swappiness", value: String(swappiness),
                                          feature: .memorySwappiness, skipIfMissing: true))
        }
        if resources.disableOOMKiller {
            writes.append(CgroupFileWrite(file: "memory.oom_control", value: "1", feature: .oomKillDisable, skipIfMissing: true))
        }
        if let tcp = resources.kernelTCPLimit {
            writes.append(CgroupFileWrite(file: "memory.kmem.tcp.limit_in_bytes", value: String(tcp),
                                          feature: .kernelTCP, skipIfMissing: true))
        }
        return writes
    }
}
