import Dispatch
import Foundation
import NamespaceCore
import Synchronization
import Targets

/// What a probed row read from the host while its container ran, beside the probe's report
/// from inside: the container's cgroup counters, for a target whose containers do not see
/// their own cgroup.
public struct HostSide: Sendable, Equatable {
    /// The last CFS counters of the container's cgroup before it went away; nil when none was read.
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

/// Reads a container's cgroup counters from the host every `interval` while the container
/// runs (its cgroup and those below it), keeping the last reading (the cgroup is removed with the container, so the counters
/// must be read before it ends). A cgroup that does not exist yet is waited for.
final class ThrottlingWatch: Sendable {
    private let path: String
    private let interval: Double
    private let stopped = Mutex(false)
    private let last = Mutex<CgroupThrottling?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts watching the cgroup `path` (relative to each hierarchy's root).
    init(path: String, interval: Double = 0.02) {
        self.path = path
        self.interval = interval
        Thread.detachNewThread { [self] in
            while !stopped.withLock({ $0 }) {
                if let reading = Self.read(path) { last.withLock { $0 = reading } }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
    }

    /// The counters of the cgroup `path` or of the cgroup below it with the most quota periods
    /// (a runtime may put the container's processes and its limits one level down, as LXC's
    /// payload cgroup); nil while none exists.
    static func read(_ path: String) -> CgroupThrottling? {
        guard let host = try? CgroupHost.current(),
              let mountPoint = (host.layout.v1Hierarchy(for: "cpu") ?? host.layout.unified)?.mountPoint else { return nil }
        var best: CgroupThrottling?
        var pending = [path]
        while let relative = pending.popLast() {
            if let reading = (try? Cgroup.open(path: relative, host: host))?.throttling(), reading.periods >= best?.periods ?? 0 {
                best = reading
            }
            pending += ((try? FileIO.directoryNames(in: mountPoint + "/" + relative)) ?? []).map { relative + "/" + $0 }
        }
        return best
    }

    /// Stops the watch and returns its last reading.
    func stop() -> CgroupThrottling? {
        stopped.withLock { $0 = true }
        done.wait()
        return last.withLock { $0 }
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
