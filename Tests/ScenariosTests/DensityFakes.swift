import Foundation
import Glibc
import NamespaceCore
import Results
import Targets
@testable import Scenarios

/// A target that keeps "containers" as a count: each start adds one, each removal takes one
/// away. Start number `failAt` (1-based) throws `failure`; start number `stopAt` asks the
/// run to stop, and then takes `finishAfterStop` microseconds to finish its start.
final class FakeDensityTarget: DensityTarget, @unchecked Sendable {
    let name: String
    var failAt: Int?
    var failure: any Error = CoreError(stage: "clone", errno: EAGAIN)
    var stopAt: Int?
    var stop: StopSignal?
    var finishAfterStop: useconds_t = 0
    private let lock = NSLock()
    private var started = 0
    private var running: Set<String> = []
    private(set) var removed = 0
    private(set) var cleanedUp: Set<String> = []
    /// The seccomp choices of the idle containers it prepared.
    private(set) var preparedFilters: Set<WorkloadSeccomp> = []

    init(name: String = "fake") {
        self.name = name
    }

    var live: Int { lock.lock(); defer { lock.unlock() }; return running.count }
    var operations: Set<TargetOperation> { [.start, .stop] }
    var idleKinds: Set<IdleContainer.Kind> { [.app] }
    var densityHelpers: DensityHelpers { DensityHelpers(perContainer: ["fake-monitor"]) }

    func availability() -> TargetAvailability { .available(version: "1") }
    func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        PreparedContainer(id: id, bundle: "/nonexistent/\(id)", cgroupPath: "cbench/fake-\(id)", workload: workload)
    }
    func run(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }
    func stop(_ container: PreparedContainer) throws -> ContainerRun { ContainerRun() }

    func cleanup(_ container: PreparedContainer) {
        lock.lock()
        defer { lock.unlock() }
        running.remove(container.id)
        cleanedUp.insert(container.id)
    }

    func prepareIdle(_ container: IdleContainer, id: String) throws -> PreparedContainer {
        lock.lock()
        preparedFilters.insert(container.seccomp)
        lock.unlock()
        return try prepare(container.appWorkload, id: id)
    }

    func startIdle(_ container: PreparedContainer) throws {
        lock.lock()
        started += 1
        let number = started
        lock.unlock()
        if number == stopAt {
            stop?.request("SIGINT")
            usleep(finishAfterStop)
        }
        if number == failAt { throw failure }
        lock.lock()
        running.insert(container.id)
        lock.unlock()
    }

    /// Microseconds each removal takes outside the lock (0: none), so overlapping ones show.
    var removalMicroseconds: UInt32 = 0
    private var removing = 0
    /// The most removals under way at once.
    private(set) var mostRemovingAtOnce = 0

    func removeIdle(_ container: PreparedContainer) throws {
        lock.lock()
        removing += 1
        mostRemovingAtOnce = max(mostRemovingAtOnce, removing)
        lock.unlock()
        if removalMicroseconds > 0 { usleep(removalMicroseconds) }
        lock.lock()
        defer { lock.unlock() }
        removing -= 1
        running.remove(container.id)
        removed += 1
    }

    func idleCgroup(_ container: PreparedContainer) -> String? { container.cgroupPath }
}

/// A host whose MemAvailable falls by `perContainer` bytes for every running container of
/// `target`, whose tasks grow by one per container, and whose limits are this machine's kind.
struct FakeDensityHost: DensityHost {
    let target: FakeDensityTarget
    var total: UInt64 = 24 << 30
    var perContainer: UInt64 = 1 << 20
    var baseTasks = 200
    var inotifyInUse: Int?
    /// Children of the runner that appear once the teardown began and never leave.
    var leftoverChildren: Set<Int32> = []
    /// With a skew: its kdamond's CPU seconds grow by one and the empty memory cgroup's cost by
    /// 1,000 bytes per running container (none: `memorySkew` is nil).
    var skew: HostMemorySkew?
    /// Superblocks each sample container makes (nil: not countable) and those of the host.
    var superblocksPerContainer: Int?
    var mountedSuperblocks: Int?
    /// Each burst of superblocks asked for; a burst makes them all unless `burstLimit` stops it.
    let bursts = FakeBursts()
    var burstLimit: Int?
    /// The bare starts at each checkpoint, given the containers running (nil: the host makes none).
    var kernelFloor: (@Sendable (_ live: Int, _ count: Int) -> [KernelFloorStart])?
    /// The containers running at each call of `kernelFloor`, and after it.
    let floorCalls = FakeFloorCalls()

    static let limits = [
        HostLimit(name: "kernel.pid_max", value: "32768", source: .sysctl),
        HostLimit(name: "kernel.keys.root_maxkeys", value: "1000000", source: .sysctl),
        HostLimit(name: "kernel.keys.maxkeys", value: "200", source: .sysctl),
        HostLimit(name: "fs.inotify.max_user_instances", value: "128", source: .sysctl),
        HostLimit(name: "user.max_net_namespaces", value: "96364", source: .sysctl),
        HostLimit(name: "nofile", value: "20000/20000", source: .rlimit),
        HostLimit(name: "pids.max", value: "max", source: .cgroup),
    ]

    func memAvailableBytes() -> UInt64? { total - UInt64(target.live) * perContainer }

    func snapshot(helpers: DensityHelpers, excluding: Set<Int32>, cgroups: [String]) -> HostSnapshot {
        let live = target.live
        return HostSnapshot(
            memAvailable: total - UInt64(live) * perContainer, slab: UInt64(live) * 300_000, percpu: UInt64(live) * 20_000,
            cgroupMemory: cgroups.isEmpty ? nil : UInt64(cgroups.count) * 200_000,
            helpers: ProcessUsage(count: live, rssBytes: UInt64(live) * 500_000, pssBytes: UInt64(live) * 50_000),
            tasks: baseTasks + live, openFiles: 1000 + live)
    }

    func processes(named names: Set<String>) -> Set<Int32> { [] }
    func existingCgroups(_ paths: [String]) -> Int { 0 }
    func childProcesses() -> Set<Int32> { target.removed > 0 ? leftoverChildren : [] }
    func reapExitedHelpers(_ helpers: DensityHelpers) -> Int { 0 }
    func limits() -> [HostLimit] { Self.limits }
    func inotifyInstances() -> Int? { inotifyInUse }

    func containerSuperblocks(_ container: PreparedContainer, target: any DensityTarget) -> Int? { superblocksPerContainer }
    func hostSuperblocks() -> Int? { mountedSuperblocks }

    func primeShrinkerMark(superblocks: Int) -> SuperblockBurst? {
        bursts.append(superblocks)
        let made = min(superblocks, burstLimit ?? superblocks)
        return SuperblockBurst(asked: superblocks, made: made, seconds: 0.5,
                               failure: made < superblocks ? "fsopen: EMFILE (Too many open files)" : nil)
    }

    func kernelFloor(starts count: Int) -> [KernelFloorStart]? {
        guard let kernelFloor else { return nil }
        let live = target.live
        let starts = kernelFloor(live, count)
        floorCalls.append(before: live, after: target.live)
        return starts
    }

    func memorySkew() -> HostMemorySkew? {
        guard var skew else { return nil }
        let live = target.live
        skew.kdamonds = skew.kdamonds.map { kdamond in
            var grown = kdamond
            grown.cpuSeconds = kdamond.cpuSeconds.map { $0 + Double(live) }
            return grown
        }
        skew.emptyMemoryCgroupBytes = skew.emptyMemoryCgroupBytes.map { $0 + Int64(live) * 1_000 }
        return skew
    }
}

/// The bursts a fake host was asked for, in order.
final class FakeBursts: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [Int] = []
    func append(_ count: Int) { lock.lock(); asked.append(count); lock.unlock() }
    var all: [Int] { lock.lock(); defer { lock.unlock() }; return asked }
}

/// The containers running when the fake host's floor was asked for, and after its starts.
final class FakeFloorCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(before: Int, after: Int)] = []
    func append(before: Int, after: Int) { lock.lock(); calls.append((before, after)); lock.unlock() }
    var all: [(before: Int, after: Int)] { lock.lock(); defer { lock.unlock() }; return calls }
}
