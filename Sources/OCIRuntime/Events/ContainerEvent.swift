import NamespaceCore

/// One line of `events`, in runc's JSON: `{"type":"stats","id":"ID","data":{...}}`, or
/// `{"type":"oom","id":"ID"}` when the OOM killer struck since the last look.
public struct ContainerEvent: Encodable, Sendable, Equatable {
    public var type: String
    public var id: String
    public var data: Stats?

    public static func stats(id: String, _ stats: CgroupStats) -> ContainerEvent {
        ContainerEvent(type: "stats", id: id, data: Stats(stats))
    }

    public static func oom(id: String) -> ContainerEvent {
        ContainerEvent(type: "oom", id: id, data: nil)
    }

    /// runc's `types.Stats`, the parts a cgroup here reports (absent counters are left out);
    /// `memory.oom_kill` is ours (runc 1.1 has no such field).
    public struct Stats: Encodable, Sendable, Equatable {
        public var cpu: CPU
        public var memory: Memory
        public var pids: Pids

        init(_ stats: CgroupStats) {
            cpu = CPU(usage: CPU.Usage(total: stats.cpuUsageNanoseconds))
            memory = Memory(usage: Memory.Entry(limit: stats.memoryLimit, usage: stats.memoryUsage, max: stats.memoryPeak,
                                                failcnt: stats.memoryFailures), oomKills: stats.oomKills)
            pids = Pids(current: stats.pidsCurrent, limit: stats.pidsLimit)
        }

        public struct CPU: Encodable, Sendable, Equatable {
            public struct Usage: Encodable, Sendable, Equatable {
                /// Nanoseconds of CPU time used by every task of the container.
                public var total: UInt64?
            }
            public var usage: Usage
        }

        public struct Memory: Encodable, Sendable, Equatable {
            public struct Entry: Encodable, Sendable, Equatable {
                public var limit: UInt64?
                public var usage: UInt64?
                public var max: UInt64?
                public var failcnt: UInt64?
            }
            public var usage: Entry
            public var oomKills: UInt64?
            enum CodingKeys: String, CodingKey {
                case usage
                case oomKills = "oom_kill"
            }
        }

        public struct Pids: Encodable, Sendable, Equatable {
            public var current: UInt64?
            /// Left out when unlimited, as runc leaves it.
            public var limit: UInt64?
        }
    }
}

extension BundleRuntime {
    /// The usage counters of a live container's cgroup, for `events`.
    public func stats(id: String) throws -> CgroupStats {
        let record = try store.load(id: id)
        guard status(of: record) != .stopped else { throw CoreError(stage: "events \(id)", detail: "container is not running") }
        return try Cgroup.open(path: record.cgroupPath).stats()
    }
}
