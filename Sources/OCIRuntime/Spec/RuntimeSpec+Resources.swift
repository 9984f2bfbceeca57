extension RuntimeSpec {
    /// `linux.resources`: the cgroup limits this runtime applies. Block I/O weight, network
    /// classes and priorities are decoded so that one the host cannot honour is refused by name.
    public struct Resources: Codable, Sendable, Equatable {
        public var devices: [DeviceRule]?
        public var memory: Memory?
        public var cpu: CPU?
        public var pids: Pids?
        public var blockIO: BlockIO?
        public var hugepageLimits: [HugepageLimit]?
        public var network: Network?
        /// cgroup v2 files written as they are (`memory.high` -> `1G`).
        public var unified: [String: String]?

        public init(devices: [DeviceRule]? = nil, memory: Memory? = nil, cpu: CPU? = nil, pids: Pids? = nil,
                    unified: [String: String]? = nil) {
            self.devices = devices
            self.memory = memory
            self.cpu = cpu
            self.pids = pids
            self.unified = unified
        }
    }

    /// `linux.resources.devices[]`: device cgroup allow/deny rules, applied in order.
    public struct DeviceRule: Codable, Sendable, Equatable {
        public var allow: Bool
        /// `a` (all, the default), `c` or `b`.
        public var type: String?
        public var major: Int64?
        public var minor: Int64?
        /// Any of `r`, `w`, `m`; all three when absent.
        public var access: String?

        public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
            self.allow = allow
            self.type = type
            self.major = major
            self.minor = minor
            self.access = access
        }
    }

    /// `linux.resources.memory`, in bytes; -1 is unlimited.
    public struct Memory: Codable, Sendable, Equatable {
        public var limit: Int64?
        public var reservation: Int64?
        /// Memory plus swap.
        public var swap: Int64?
        public var kernel: Int64?
        public var kernelTCP: Int64?
        public var swappiness: UInt64?
        public var disableOOMKiller: Bool?

        public init(limit: Int64? = nil, reservation: Int64? = nil, swap: Int64? = nil) {
            self.limit = limit
            self.reservation = reservation
            self.swap = swap
        }
    }

    /// `linux.resources.cpu`.
    public struct CPU: Codable, Sendable, Equatable {
        public var shares: UInt64?
        /// Microseconds per period; -1 is unlimited.
        public var quota: Int64?
        public var period: UInt64?
        public var realtimeRuntime: Int64?
        public var realtimePeriod: UInt64?
        /// cpuset list syntax, e.g. `0-1`.
        public var cpus: String?
        public var mems: String?

        public init(shares: UInt64? = nil, quota: Int64? = nil, period: UInt64? = nil,
                    cpus: String? = nil, mems: String? = nil) {
            self.shares = shares
            self.quota = quota
            self.period = period
            self.cpus = cpus
            self.mems = mems
        }
    }

    /// `linux.resources.pids`.
    public struct Pids: Codable, Sendable, Equatable {
        /// 0 or less is unlimited.
        public var limit: Int64

        public init(limit: Int64) {
            self.limit = limit
        }
    }
}

extension RuntimeSpec {
    /// `linux.resources.blockIO`: only the weights are applied; a throttle list is refused.
    public struct BlockIO: Codable, Sendable, Equatable {
        /// 10-1000.
        public var weight: UInt16?
        public var leafWeight: UInt16?
        public var weightDevice: [DeviceValue]?
        public var throttleReadBpsDevice: [DeviceValue]?
        public var throttleWriteBpsDevice: [DeviceValue]?
        public var throttleReadIOPSDevice: [DeviceValue]?
        public var throttleWriteIOPSDevice: [DeviceValue]?

        /// The weight to apply: 0 (what Docker writes when none was asked for) means none, as in runc.
        public var effectiveWeight: UInt16? { weight == 0 ? nil : weight }
    }

    /// One per-device entry of `blockIO`; only its presence matters here.
    public struct DeviceValue: Codable, Sendable, Equatable {
        public var major: Int64
        public var minor: Int64
    }

    /// `linux.resources.hugepageLimits[]`: `pageSize` as the kernel names it (`2MB`, `1GB`).
    public struct HugepageLimit: Codable, Sendable, Equatable {
        public var pageSize: String
        public var limit: UInt64

        public init(pageSize: String, limit: UInt64) {
            self.pageSize = pageSize
            self.limit = limit
        }
    }

    /// `linux.resources.network`: net_cls class id and net_prio priorities.
    public struct Network: Codable, Sendable, Equatable {
        public var classID: UInt32?
        public var priorities: [InterfacePriority]?
    }

    public struct InterfacePriority: Codable, Sendable, Equatable {
        public var name: String
        public var priority: UInt32
    }
}
