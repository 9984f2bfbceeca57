#if canImport(Glibc)
import Glibc
#endif

extension CgroupV2 {
    static func memoryWrites(_ resources: CgroupResources) throws(CoreError) -> [CgroupFileWrite] {
        var writes: [CgroupFileWrite] = []
        if let swap = try swapMax(memory: resources.memoryLimit, memoryAndSwap: resources.memorySwapLimit) {
            // Before memory.max, as runc does: the order does not matter to the kernel on v2,
            // but a failed swap write then leaves no half-applied memory limit behind.
            writes.append(CgroupFileWrite(file: "memory.swap.max", value: swap, feature: .memorySwap, skipIfMissing: true))
        }
        if let limit = resources.memoryLimit {
            writes.append(CgroupFileWrite(file: "memory.max", value: limitText(limit), feature: .memory))
        }
        if let reservation = resources.memoryReservation {
            writes.append(CgroupFileWrite(file: "memory.low", value: limitText(reservation), feature: .memoryReservation))
        }
        return writes
    }

    /// v1's memsw counts memory plus swap; v2's swap.max counts swap alone, so it is their
    /// difference. nil: nothing to write.
    static func swapMax(memory: Int64?, memoryAndSwap: Int64?) throws(CoreError) -> String? {
        guard let memoryAndSwap, memoryAndSwap != 0 else { return nil }
        if memoryAndSwap < 0 { return "max" }
        guard let memory, memory > 0 else {
            throw CoreError(stage: "cgroup convert memory.swap.max", errno: EINVAL,
                            detail: "a memory+swap limit needs a memory limit on cgroup v2")
        }
        guard memoryAndSwap >= memory else {
            throw CoreError(stage: "cgroup convert memory.swap.max", errno: EINVAL,
                            detail: "memory+swap limit \(memoryAndSwap) is below the memory limit \(memory)")
        }
        return String(memoryAndSwap - memory)
    }
}
