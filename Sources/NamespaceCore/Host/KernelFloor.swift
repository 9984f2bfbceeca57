#if canImport(Glibc)
import Glibc
#endif
import CShim

/// The steps of one bare container start (`cshim_kernel_floor_start`), in their order.
public enum KernelFloorStep: String, Sendable, CaseIterable, Codable {
    case cgroupMkdir = "cgroup mkdir"
    case clone = "clone"
    case cgroupJoin = "cgroup join"
    case tmpfsRoot = "tmpfs root"
    case pivotRoot = "pivot_root"
    case detachOldRoot = "detach old root"
    case mountProc = "mount proc"
    case mountSysfs = "mount sysfs"
    case exitAndReap = "exit and reap"
    case cgroupRmdir = "cgroup rmdir"

    /// Its index in the C shim's `step_ns`.
    var shimIndex: Int {
        switch self {
        case .cgroupMkdir: Int(CSHIM_FLOOR_CGROUP_MKDIR.rawValue)
        case .clone: Int(CSHIM_FLOOR_CLONE.rawValue)
        case .cgroupJoin: Int(CSHIM_FLOOR_CGROUP_JOIN.rawValue)
        case .tmpfsRoot: Int(CSHIM_FLOOR_TMPFS_ROOT.rawValue)
        case .pivotRoot: Int(CSHIM_FLOOR_PIVOT_ROOT.rawValue)
        case .detachOldRoot: Int(CSHIM_FLOOR_DETACH_OLD.rawValue)
        case .mountProc: Int(CSHIM_FLOOR_PROC.rawValue)
        case .mountSysfs: Int(CSHIM_FLOOR_SYSFS.rawValue)
        case .exitAndReap: Int(CSHIM_FLOOR_EXIT.rawValue)
        case .cgroupRmdir: Int(CSHIM_FLOOR_CGROUP_RMDIR.rawValue)
        }
    }
}

/// One bare start: milliseconds per step that ran, the whole when all did, the failure else.
public struct KernelFloorStart: Sendable, Equatable {
    public var steps: [KernelFloorStep: Double]
    public var totalMilliseconds: Double?
    /// `mount sysfs: EBUSY (...)`; nil when every step ran.
    public var failure: String?

    public init(steps: [KernelFloorStep: Double], totalMilliseconds: Double?, failure: String? = nil) {
        self.steps = steps
        self.totalMilliseconds = totalMilliseconds
        self.failure = failure
    }
}

/// What any runtime pays the kernel to start a container on this host, with no runtime
/// around it: bare starts (a memory and a pids cgroup, a clone into new mount, pid, net, ipc
/// and uts namespaces, a cgroup namespace, a tmpfs root, pivot_root, proc and sysfs, exit,
/// rmdir) made by the C shim and timed step by step. Nothing stays: the child has exited and
/// its cgroups are gone before a start returns, so a density ramp's count does not move.
/// Root only; the cgroups are named `cbench-floor-…` at each hierarchy's root, so
/// `cbench cleanup` removes one a crash left.
public struct KernelFloorProbe: Sendable {
    /// Where the cgroups are made: the memory hierarchy's root, the pids one's (nil when the
    /// memory hierarchy holds pids too, as a unified one does).
    public var memoryMountPoint: String
    public var pidsMountPoint: String?
    /// One start with these cgroup directories; the real one is the C shim's.
    public var start: @Sendable (_ memoryDirectory: String, _ pidsDirectory: String?) -> KernelFloorStart

    public init(memoryMountPoint: String, pidsMountPoint: String?,
                start: @escaping @Sendable (_ memoryDirectory: String, _ pidsDirectory: String?) -> KernelFloorStart) {
        self.memoryMountPoint = memoryMountPoint
        self.pidsMountPoint = pidsMountPoint
        self.start = start
    }

    /// The cgroups' names begin so (a project cgroup at a hierarchy's root: `cbench cleanup`).
    public static let namePrefix = CgroupPaths.topLevelPrefix + "floor-"
    /// Where the child mounts its tmpfs root, inside its own mount namespace only.
    static let rootDirectory = "/tmp"

    /// `count` starts one after another.
    public func measure(starts count: Int) -> [KernelFloorStart] {
        (0..<max(0, count)).map { index in
            let name = "\(Self.namePrefix)\(getpid())-\(index)"
            return start(CgroupPaths.absolute(name, under: memoryMountPoint),
                         pidsMountPoint.map { CgroupPaths.absolute(name, under: $0) })
        }
    }

    /// The probe on this host's memory and pids hierarchies; nil when not root or when there
    /// is no memory hierarchy.
    public static func real() -> KernelFloorProbe? {
        guard getuid() == 0, let layout = (try? CgroupHost.current())?.layout,
              let memory = (layout.v1Hierarchy(for: "memory") ?? layout.unified)?.mountPoint else { return nil }
        let pids = (layout.v1Hierarchy(for: "pids") ?? layout.unified)?.mountPoint
        return KernelFloorProbe(memoryMountPoint: memory, pidsMountPoint: pids == memory ? nil : pids, start: shimStart)
    }

    /// One start by the C shim.
    static let shimStart: @Sendable (String, String?) -> KernelFloorStart = { memory, pids in
        var result = cshim_floor_start()
        _ = memory.withCString { memoryPath in
            if let pids {
                pids.withCString { cshim_kernel_floor_start(memoryPath, $0, rootDirectory, &result) }
            } else {
                cshim_kernel_floor_start(memoryPath, nil, rootDirectory, &result)
            }
        }
        let nanoseconds = withUnsafeBytes(of: result.step_ns) { Array($0.bindMemory(to: Int64.self)) }
        var steps: [KernelFloorStep: Double] = [:]
        for step in KernelFloorStep.allCases where nanoseconds[step.shimIndex] >= 0 {
            steps[step] = Double(nanoseconds[step.shimIndex]) / 1e6
        }
        let failure = result.stage.map { CoreError(stage: String(cString: $0), errno: result.error).description }
        return KernelFloorStart(steps: steps, totalMilliseconds: result.total_ns >= 0 ? Double(result.total_ns) / 1e6 : nil,
                                failure: failure)
    }
}
