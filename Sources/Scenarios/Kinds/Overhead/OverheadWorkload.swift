import Results
import Targets

/// One workload of an overhead scenario, as run in one container (or on the bare host) per
/// step: a point of the scenario's plan, named by its parameters.
public enum OverheadWorkload: Sendable, Equatable, CustomStringConvertible {
    /// sysbench cpu: a fixed number of events (primes up to 10000), one thread.
    case cpu
    /// getpid, stat of a missing file and a personality query in tight loops, under the
    /// target's default seccomp filter or none.
    case syscalls(WorkloadSeccomp)
    /// Copy bandwidth and page-fault cost of a fixed working set.
    case memory
    /// fork + exec of a tiny static binary, waited for, in a loop.
    case process
    /// fio's fixed jobs on one kind of storage.
    case fileIO(FioStorage)

    /// The names of the `workloads` key, each standing for one or more points.
    public static let names = ["cpu", "syscalls", "memory", "process", "fio"]

    /// The points `names` stand for, in the plan's order.
    public static func points(names: [String], storage: [FioStorage]) -> [OverheadWorkload] {
        names.flatMap { name -> [OverheadWorkload] in
            switch name {
            case "cpu": return [.cpu]
            case "syscalls": return [.syscalls(.targetDefault), .syscalls(.disabled)]
            case "memory": return [.memory]
            case "process": return [.process]
            default: return storage.map { .fileIO($0) }
            }
        }
    }

    /// The point's parameters: `workload`, and `filter` or `storage` where it has one.
    public var parameters: [String: String] {
        switch self {
        case .cpu: return ["workload": "cpu"]
        case .syscalls(let filter): return ["workload": "syscalls", "filter": filter.rawValue]
        case .memory: return ["workload": "memory"]
        case .process: return ["workload": "process"]
        case .fileIO(let storage): return ["workload": "fio", "storage": storage.rawValue]
        }
    }

    public init?(parameters: [String: String]) {
        switch parameters["workload"] {
        case "cpu": self = .cpu
        case "syscalls": guard let filter = parameters["filter"].flatMap(WorkloadSeccomp.init(rawValue:)) else { return nil }
            self = .syscalls(filter)
        case "memory": self = .memory
        case "process": self = .process
        case "fio": guard let storage = parameters["storage"].flatMap(FioStorage.init(rawValue:)) else { return nil }
            self = .fileIO(storage)
        default: return nil
        }
    }

    public var description: String { SeriesKey.label(parameters) }

    var seccomp: WorkloadSeccomp {
        if case .syscalls(let filter) = self { return filter }
        return .targetDefault
    }

    var storage: FioStorage? {
        if case .fileIO(let storage) = self { return storage }
        return nil
    }
}

/// Where fio's file is.
public enum FioStorage: String, Sendable, Equatable, CaseIterable {
    /// The container's root: an overlay for app-style targets, a directory for system-style.
    case root
    /// A host directory bind-mounted in.
    case bind
    /// A named volume of the target (Docker, podman, cbench app).
    case volume
    /// A fresh tmpfs.
    case tmpfs
}
