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

    /// An update that sets both the memory limit and memsw: the kernel refuses a limit above
    /// memsw and a memsw below the limit at every write, so memsw goes first when it rises
    /// (above `memorySwapNow`, or to -1) and after the limit otherwise, the order runc uses.
    /// With memsw unknown (no swap accounting) the order stays.
    static func updateOrder(_ writes: [CgroupFileWrite], memorySwapNow: Int64?) -> [CgroupFileWrite] {
        guard let swapIndex = writes.firstIndex(where: { $0.feature == .memorySwap }),
              let limitIndex = writes.firstIndex(where: { $0.feature == .memory }), limitIndex < swapIndex,
              let swap = Int64(writes[swapIndex].value), swap == -1 || (memorySwapNow.map { $0 < swap } ?? false) else {
            return writes
        }
        var ordered = writes
        ordered.insert(ordered.remove(at: swapIndex), at: limitIndex)
        return ordered
    }
}
