#if canImport(Glibc)
import Glibc
#endif

/// Namespace kinds as clone(2) flags, and the join order the child needs.
extension NamespaceKind {
    /// CLONE_NEW* of this kind.
    public var cloneFlag: UInt64 {
        switch self {
        case .mount: return 0x0002_0000
        case .uts: return 0x0400_0000
        case .ipc: return 0x0800_0000
        case .user: return 0x1000_0000
        case .pid: return 0x2000_0000
        case .network: return 0x4000_0000
        case .cgroup: return 0x0200_0000
        case .time: return 0x0000_0080
        }
    }

    /// The name of the file under /proc/PID/ns/.
    public var procName: String {
        switch self {
        case .mount: return "mnt"
        case .network: return "net"
        case .pid: return "pid"
        case .uts: return "uts"
        case .ipc: return "ipc"
        case .user: return "user"
        case .cgroup: return "cgroup"
        case .time: return "time"
        }
    }
}

extension LaunchPlan {
    /// Splits the spec's namespaces into flags to create and namespaces to join, refusing
    /// a kind listed twice. Joins are ordered user first (so later ones are owned by it) and
    /// mount last (joining it changes what paths mean).
    static func namespaces(_ list: [NamespaceSpec]) throws(CoreError) -> (create: UInt64, joins: [NamespaceSpec]) {
        var seen = Set<NamespaceKind>()
        var create: UInt64 = 0
        var joins: [NamespaceSpec] = []
        for entry in list {
            guard seen.insert(entry.kind).inserted else {
                throw CoreError(stage: "namespaces", errno: EINVAL, detail: "\(entry.kind.rawValue) listed twice")
            }
            if let path = entry.path {
                guard path.hasPrefix("/") else {
                    throw CoreError(stage: "namespaces", errno: EINVAL, detail: "join path \(path) is not absolute")
                }
                joins.append(entry)
            } else {
                create |= entry.kind.cloneFlag
            }
        }
        func rank(_ kind: NamespaceKind) -> Int { kind == .user ? 0 : kind == .mount ? 2 : 1 }
        let ordered = joins.enumerated()
            .sorted { (rank($0.element.kind), $0.offset) < (rank($1.element.kind), $1.offset) }
            .map(\.element)
        return (create, ordered)
    }
}
