import Dispatch
import Foundation
import NamespaceCore
import Synchronization
import Targets

/// What a probed row read from the host while its container ran, beside the probe's report
/// from inside: the container's cgroup counters, for a target whose containers do not see
/// their own cgroup.
public struct HostSide: Sendable, Equatable {
    /// The CFS counters of the container's cgroup whose quota ran (LXC's payload cgroup), as
    /// last read before it went away; nil when none was read.
    public var throttling: CgroupThrottling?

    public init(throttling: CgroupThrottling? = nil) {
        self.throttling = throttling
    }
}

/// A probe container's run, and what the host saw of it meanwhile.
struct WatchedRun: Sendable {
    var run: ContainerRun
    var host: HostSide
}

/// The CFS counters of a container's cgroups as the host read them, by cpu.stat file: each
/// file's last reading, since a runtime removes some of them before others. LXC's payload
/// cgroup (`lxc.payload.NAME`, where the quota and the container's processes are) goes when the
/// container ends, while `lxc.pivot`, its monitor's cgroup beside it, stays a moment longer with
/// no quota and no period: the last reading of the whole tree would be the pivot's.
struct ThrottlingReadings: Sendable, Equatable {
    private(set) var last: [String: CgroupThrottling] = [:]

    /// Keeps `readings` as the newest of their files.
    mutating func record(_ readings: [CgroupThrottling]) {
        for reading in readings { last[reading.file] = reading }
    }

    /// The cgroup whose quota ran: the file with the most periods (a cgroup without a quota
    /// counts none, and a cgroup's counters only grow while it lives); nil when none was read.
    var quotaCgroup: CgroupThrottling? {
        last.values.max { ($0.periods, $1.file) < ($1.periods, $0.file) }
    }
}

/// Reads a container's cgroup counters from the host every `interval` while the container
/// runs (its cgroup and those below it), keeping each cgroup's last reading (a cgroup is removed
/// with the container, so its counters must be read before it ends). A cgroup that does not exist
/// yet is waited for.
final class ThrottlingWatch: Sendable {
    private let path: String
    private let interval: Double
    private let stopped = Mutex(false)
    private let readings = Mutex(ThrottlingReadings())
    private let done = DispatchSemaphore(value: 0)

    /// Starts watching the cgroup `path` (relative to each hierarchy's root).
    init(path: String, interval: Double = 0.02) {
        self.path = path
        self.interval = interval
        Thread.detachNewThread { [self] in
            while !stopped.withLock({ $0 }) {
                let now = Self.read(path)
                readings.withLock { $0.record(now) }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
    }

    /// The counters of the cgroup `path` and of every cgroup below it that has them (a runtime
    /// may put the container's processes and its limits one level down, as LXC's payload
    /// cgroup); empty while none exists.
    static func read(_ path: String) -> [CgroupThrottling] {
        guard let host = try? CgroupHost.current(),
              let mountPoint = (host.layout.v1Hierarchy(for: "cpu") ?? host.layout.unified)?.mountPoint else { return [] }
        var found: [CgroupThrottling] = []
        var pending = [path]
        while let relative = pending.popLast() {
            if let reading = (try? Cgroup.open(path: relative, host: host))?.throttling() { found.append(reading) }
            pending += ((try? FileIO.directoryNames(in: mountPoint + "/" + relative)) ?? []).map { relative + "/" + $0 }
        }
        return found
    }

    /// Stops the watch and returns the reading of the cgroup whose quota ran.
    func stop() -> CgroupThrottling? {
        stopped.withLock { $0 = true }
        done.wait()
        return readings.withLock { $0.quotaCgroup }
    }

    /// Runs `execute` with the cgroup of `container` watched, where `target` names one.
    static func watching(_ target: any ContainerTarget, _ container: PreparedContainer,
                         _ execute: () throws -> ContainerRun) throws -> WatchedRun {
        guard let path = (target as? any DensityTarget)?.idleCgroup(container), !path.isEmpty else {
            return WatchedRun(run: try execute(), host: HostSide())
        }
        let watch = ThrottlingWatch(path: path)
        let run = Result { try execute() }
        let reading = watch.stop()
        return WatchedRun(run: try run.get(), host: HostSide(throttling: reading))
    }
}
