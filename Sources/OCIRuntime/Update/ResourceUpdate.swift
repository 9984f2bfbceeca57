import Glibc
import NamespaceCore

/// `update`: new limits for a running container, from runc's flags or a `linux.resources`
/// JSON (`-r FILE`, `-` for stdin). The flags win over the file, as in runc.
public struct ResourceUpdate: Sendable, Equatable {
    public var resources: RuntimeSpec.Resources

    public init(resources: RuntimeSpec.Resources = RuntimeSpec.Resources()) {
        self.resources = resources
    }

    /// runc's update flags by name (`memory`, `cpu-quota`, ...) with their text values.
    public mutating func apply(flag: String, value: String) throws(CoreError) {
        func bytes() throws(CoreError) -> Int64 { try Self.bytes(value, flag: flag) }
        func number<T: FixedWidthInteger>(_: T.Type) throws(CoreError) -> T {
            guard let parsed = T(value) else {
                throw CoreError(stage: "update --\(flag)", errno: EINVAL, detail: "'\(value)' is not a whole number")
            }
            return parsed
        }
        var memory = resources.memory ?? RuntimeSpec.Memory()
        var cpu = resources.cpu ?? RuntimeSpec.CPU()
        switch flag {
        case "memory": memory.limit = try bytes()
        case "memory-reservation": memory.reservation = try bytes()
        case "memory-swap": memory.swap = try bytes()
        case "kernel-memory": memory.kernel = try bytes()
        case "kernel-memory-tcp": memory.kernelTCP = try bytes()
        case "cpu-period": cpu.period = try number(UInt64.self)
        case "cpu-quota": cpu.quota = try number(Int64.self)
        case "cpu-share": cpu.shares = try number(UInt64.self)
        case "cpu-rt-period": cpu.realtimePeriod = try number(UInt64.self)
        case "cpu-rt-runtime": cpu.realtimeRuntime = try number(Int64.self)
        case "cpuset-cpus": cpu.cpus = value
        case "cpuset-mems": cpu.mems = value
        case "pids-limit": resources.pids = RuntimeSpec.Pids(limit: try number(Int64.self))
        case "blkio-weight":
            var blockIO = resources.blockIO ?? RuntimeSpec.BlockIO()
            blockIO.weight = try number(UInt16.self)
            resources.blockIO = blockIO
        default:
            throw CoreError(stage: "update --\(flag)", errno: EINVAL, detail: "not an update flag of this runtime")
        }
        if memory != RuntimeSpec.Memory() { resources.memory = memory }
        if cpu != RuntimeSpec.CPU() { resources.cpu = cpu }
    }

    /// The cgroup writes of this update. What the namespace core does not apply to a live
    /// cgroup is refused by name rather than dropped.
    public func cgroupResources() throws(CoreError) -> CgroupResources {
        let resources = Self.withoutZeros(resources)
        var refused: [String] = []
        if resources.memory?.kernel != nil { refused.append("memory.kernel (kernel memory limits are gone from current kernels)") }
        if resources.memory?.kernelTCP != nil { refused.append("memory.kernelTCP (not applied by update)") }
        if resources.cpu?.realtimeRuntime != nil || resources.cpu?.realtimePeriod != nil {
            refused.append("cpu realtime runtime/period (not applied by cbench-oci)")
        }
        if resources.hugepageLimits?.isEmpty == false { refused.append("hugepageLimits (not applied by update)") }
        if resources.network != nil { refused.append("network (net_cls/net_prio are not mounted)") }
        if resources.unified?.isEmpty == false { refused.append("unified (not applied by update)") }
        guard refused.isEmpty else {
            throw CoreError(stage: "update", errno: EINVAL, detail: "cannot apply " + refused.joined(separator: ", ") + "; drop it")
        }
        return CgroupResources(
            memoryLimit: resources.memory?.limit, memoryReservation: resources.memory?.reservation,
            memorySwapLimit: resources.memory?.swap, pidsLimit: resources.pids?.limit,
            cpuShares: resources.cpu?.shares, cpuQuota: resources.cpu?.quota, cpuPeriod: resources.cpu?.period,
            cpusetCpus: resources.cpu?.cpus, cpusetMems: resources.cpu?.mems, devices: [],
            blkioWeight: resources.blockIO?.effectiveWeight)
    }

    /// Docker sends every field, 0 (or "") for those it does not change; runc skips those,
    /// so they are dropped here.
    static func withoutZeros(_ given: RuntimeSpec.Resources) -> RuntimeSpec.Resources {
        func set<T: Equatable>(_ value: T?, unless zero: T) -> T? { value == zero ? nil : value }
        var resources = given
        if var memory = resources.memory {
            memory.limit = set(memory.limit, unless: 0)
            memory.reservation = set(memory.reservation, unless: 0)
            memory.swap = set(memory.swap, unless: 0)
            memory.kernel = set(memory.kernel, unless: 0)
            memory.kernelTCP = set(memory.kernelTCP, unless: 0)
            resources.memory = memory
        }
        if var cpu = resources.cpu {
            cpu.shares = set(cpu.shares, unless: 0)
            cpu.quota = set(cpu.quota, unless: 0)
            cpu.period = set(cpu.period, unless: 0)
            cpu.realtimeRuntime = set(cpu.realtimeRuntime, unless: 0)
            cpu.realtimePeriod = set(cpu.realtimePeriod, unless: 0)
            cpu.cpus = set(cpu.cpus, unless: "")
            cpu.mems = set(cpu.mems, unless: "")
            resources.cpu = cpu
        }
        if resources.pids?.limit == 0 { resources.pids = nil }
        if var blockIO = resources.blockIO {
            blockIO.weight = blockIO.effectiveWeight
            blockIO.leafWeight = set(blockIO.leafWeight, unless: 0)
            resources.blockIO = blockIO
        }
        if resources.hugepageLimits?.allSatisfy({ $0.limit == 0 }) == true { resources.hugepageLimits = nil }
        return resources
    }

    /// A size as runc takes it (docker's RAMInBytes): a number with an optional b, k, m, g,
    /// t or p suffix (powers of 1024, an optional trailing b or ib); -1 is unlimited.
    public static func bytes(_ text: String, flag: String) throws(CoreError) -> Int64 {
        if text == "-1" { return -1 }
        var digits = Substring(text.lowercased())
        for suffix in ["ib", "b"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits = digits.dropLast(suffix.count)
            break
        }
        var multiplier: Int64 = 1
        if let last = digits.last, let power = "kmgtp".firstIndex(of: last) {
            multiplier = 1 << (10 * ("kmgtp".distance(from: "kmgtp".startIndex, to: power) + 1))
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value >= 0, value * Double(multiplier) < Double(Int64.max) else {
            throw CoreError(stage: "update --\(flag)", errno: EINVAL, detail: "'\(text)' is not a size; write e.g. 512m, 1g or -1")
        }
        return Int64(value * Double(multiplier))
    }
}
