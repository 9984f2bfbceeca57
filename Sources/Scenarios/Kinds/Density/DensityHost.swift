import NamespaceCore
import Targets

/// What the density kind reads about the host: /proc and the cgroups for real
/// (`ProcDensityHost`), a fake in unit tests.
public protocol DensityHost: Sendable {
    /// MemAvailable of /proc/meminfo; read before every start (the floor).
    func memAvailableBytes() -> UInt64?
    /// The host at a checkpoint: memory, the target's helper processes (per-container ones
    /// not in `excluding`, which were there before the ramp), the memory of the containers'
    /// cgroups, pids in use and open files.
    func snapshot(helpers: DensityHelpers, excluding: Set<Int32>, cgroups: [String]) -> HostSnapshot
    /// Processes named in `names` that live now.
    func processes(named names: Set<String>) -> Set<Int32>
    /// How many of these cgroups (relative paths) exist in any hierarchy.
    func existingCgroups(_ paths: [String]) -> Int
    /// The runner's children, zombies included: the runner is a subreaper, so every container
    /// init and every daemonized runtime process that outlives its parent comes back to it.
    func childProcesses() -> Set<Int32>
    /// Reaps the target's helpers that exited and came back to the runner (`DensityReaping`);
    /// how many it reaped.
    func reapExitedHelpers(_ helpers: DensityHelpers) -> Int
    /// The kernel and process limits a density run can meet, with their values here.
    func limits() -> [HostLimit]
    /// The inotify instances this user's processes hold (what fs.inotify.max_user_instances
    /// bounds; systemd takes several per container); nil when /proc cannot tell.
    func inotifyInstances() -> Int?
    /// The memory cgroups the kernel holds, those removed but not yet freed (dying) included
    /// (/proc/cgroups); nil when it cannot tell.
    func memoryCgroupCount() -> Int?
    /// SUnreclaim of /proc/meminfo: the kernel memory a settling host waits for.
    func sUnreclaimBytes() -> UInt64
    /// What skews MB per container and start latency here now (kdamonds, memory cgroups, an
    /// empty memory cgroup's cost); nil when it is not read.
    func memorySkew() -> HostMemorySkew?
    /// The superblocks a running container made (its mountinfo's that the runner's lacks);
    /// nil when they cannot be counted.
    func containerSuperblocks(_ container: PreparedContainer, target: any DensityTarget) -> Int?
    /// The superblocks mounted on the host now, in any mount namespace; nil when unknown.
    func hostSuperblocks() -> Int?
    /// Holds that many superblocks at once and lets them go (`ShrinkerMarkPrimer`); nil when
    /// this host cannot.
    func primeShrinkerMark(superblocks: Int) -> SuperblockBurst?
    /// `count` bare starts with no runtime, one after another (`KernelFloorProbe`); nil when
    /// this host cannot make them (not root).
    func kernelFloor(starts count: Int) -> [KernelFloorStart]?
}

extension DensityHost {
    public func memoryCgroupCount() -> Int? { nil }
    public func sUnreclaimBytes() -> UInt64 { snapshot(helpers: .none, excluding: [], cgroups: []).sUnreclaim }
    public func memorySkew() -> HostMemorySkew? { nil }
    public func containerSuperblocks(_ container: PreparedContainer, target: any DensityTarget) -> Int? { nil }
    public func hostSuperblocks() -> Int? { nil }
    public func primeShrinkerMark(superblocks: Int) -> SuperblockBurst? { nil }
    public func kernelFloor(starts count: Int) -> [KernelFloorStart]? { nil }
}

/// The host at one moment of a ramp.
public struct HostSnapshot: Sendable, Equatable {
    public var memAvailable: UInt64
    public var slab: UInt64
    public var sUnreclaim: UInt64
    /// Kernel stacks and page tables: what each process costs the kernel beside slab.
    public var kernelStack: UInt64
    public var pageTables: UInt64
    /// Per-CPU allocations (cgroup and namespace statistics live there).
    public var percpu: UInt64
    /// Sum over the containers' cgroups; nil when none could be read.
    public var cgroupMemory: UInt64?
    public var helpers: ProcessUsage
    public var sharedDaemons: ProcessUsage
    /// Tasks (threads) that exist: what kernel.pid_max bounds.
    public var tasks: Int
    /// Allocated file handles (first field of /proc/sys/fs/file-nr).
    public var openFiles: Int
    /// Keys this user owns (/proc/key-users): what kernel.keys.root_maxkeys (maxkeys for
    /// others) bounds; runtimes that give each container a session keyring use one each.
    public var keys: Int?
    /// Inotify instances this user's processes hold (fs.inotify.max_user_instances).
    public var inotifyInstances: Int?
    /// Descriptors the runner itself holds open (its RLIMIT_NOFILE).
    public var runnerDescriptors: Int?

    /// What the kernel itself holds: slab, stacks, page tables and per-CPU memory. Unlike
    /// MemAvailable it does not move when another process on the host allocates or frees
    /// user memory, so it shows a container's kernel cost on a busy host.
    public var kernelBytes: UInt64 { slab + kernelStack + pageTables + percpu }

    public init(memAvailable: UInt64, slab: UInt64 = 0, sUnreclaim: UInt64 = 0, kernelStack: UInt64 = 0, pageTables: UInt64 = 0, percpu: UInt64 = 0,
                cgroupMemory: UInt64? = nil, helpers: ProcessUsage = ProcessUsage(), sharedDaemons: ProcessUsage = ProcessUsage(),
                tasks: Int = 0, openFiles: Int = 0, keys: Int? = nil, inotifyInstances: Int? = nil, runnerDescriptors: Int? = nil) {
        self.memAvailable = memAvailable
        self.slab = slab
        self.sUnreclaim = sUnreclaim
        self.kernelStack = kernelStack
        self.pageTables = pageTables
        self.percpu = percpu
        self.cgroupMemory = cgroupMemory
        self.helpers = helpers
        self.sharedDaemons = sharedDaemons
        self.tasks = tasks
        self.openFiles = openFiles
        self.keys = keys
        self.inotifyInstances = inotifyInstances
        self.runnerDescriptors = runnerDescriptors
    }
}

/// A group of host processes and their memory: resident (RSS) and proportional (PSS, shared
/// pages divided among the processes that map them), from /proc/PID/smaps_rollup.
public struct ProcessUsage: Sendable, Equatable {
    public var count: Int
    public var rssBytes: UInt64
    public var pssBytes: UInt64

    public init(count: Int = 0, rssBytes: UInt64 = 0, pssBytes: UInt64 = 0) {
        self.count = count
        self.rssBytes = rssBytes
        self.pssBytes = pssBytes
    }
}

/// One limit of the host: `kernel.pid_max` (sysctl) = 32768, `nofile` (rlimit) = 20000/20000.
public struct HostLimit: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable {
        case sysctl, rlimit, cgroup
    }

    public var name: String
    public var value: String
    public var source: Source

    public init(name: String, value: String, source: Source) {
        self.name = name
        self.value = value
        self.source = source
    }

    /// The value as a number, when it is one (`20000/20000` gives its first part).
    public var number: Int? {
        Int(value.split(separator: "/").first.map(String.init) ?? value)
    }

    /// `kernel.pid_max=32768`, as a stop reason names it.
    public var setting: String { "\(name)=\(value)" }
}
