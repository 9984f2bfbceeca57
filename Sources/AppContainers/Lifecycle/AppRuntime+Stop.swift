#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    public enum StopOutcome: Sendable, Equatable {
        case notRunning
        /// Ended on its stop signal within the timeout.
        case stopped
        /// The timeout passed; SIGKILL ended it.
        case killed
    }

    /// Sends the container's stop signal (the image's StopSignal, else SIGRTMIN+3 in systemd
    /// mode and SIGTERM otherwise), waits up to `timeout` seconds, then
    /// kills every process of the container. Returns once its end is recorded.
    @discardableResult
    public func stop(_ reference: String, timeout: Double = 10) throws -> StopOutcome {
        let record = try store.loadRecord(of: try store.resolve(reference))
        guard let live = store.loadRunState(of: record.id) else { return .notRunning }
        guard live.isAlive else {
            // Ended by itself: its supervisor may still be removing cgroup and links.
            try awaitSupervisor(record, live)
            return .notRunning
        }
        let signal = try AppProcess(config: record.config, image: record.imageParameters, hostname: record.hostname).stopSignal
        if Glibc.kill(live.pid, signal) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal \(Signal.name(of: signal)) to \(live.pid)", errno: errno)
        }
        let milliseconds = Int32(max(0, min(timeout, 86_400)) * 1000)
        var outcome = StopOutcome.stopped
        if !ProcessLiveness.waitUntilGone(pid: live.pid, startTime: live.pidStartTime, timeoutMilliseconds: milliseconds) {
            outcome = .killed
            try killEverything(live)
        }
        try awaitSupervisor(record, live)
        return outcome
    }

    /// Sends `signal` to the container's main process (SIGKILL by default, as Docker).
    public func kill(_ reference: String, signal: Int32 = SIGKILL) throws {
        let record = try store.loadRecord(of: try store.resolve(reference))
        guard let live = store.loadRunState(of: record.id), live.isAlive else {
            throw CoreError(stage: "container \(record.name)", detail: "is not running (start it with `cbench app start \(record.name)`)")
        }
        if signal == SIGKILL {
            try killEverything(live)
            try awaitSupervisor(record, live)
            return
        }
        if Glibc.kill(live.pid, signal) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal \(Signal.name(of: signal)) to \(live.pid)", errno: errno)
        }
    }

    func killEverything(_ live: AppRunState) throws {
        if let cgroup = try? Cgroup.open(path: live.cgroupPath) {
            try Self.killAllIgnoringRemoval(cgroup)
            // A frozen tree (paused, or a post-copy source held after its lazy dump) acts on
            // the signal only once thawed.
            if cgroup.hasFreezer, (try? cgroup.isFrozen()) == true { try? cgroup.thaw() }
        } else if Glibc.kill(live.pid, SIGKILL) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal SIGKILL to \(live.pid)", errno: errno)
        }
        ProcessLiveness.waitUntilGone(pid: live.pid, startTime: live.pidStartTime, timeoutMilliseconds: 10_000)
    }

    /// The supervisor finishes the container: it records the exit and removes the cgroup,
    /// links and, last, the run state. Wait for that per-container completion rather than for
    /// a process to exit (the store's shared monitor serves other containers and stays), and
    /// do its work when the supervisor is gone (crashed).
    func awaitSupervisor(_ record: AppContainerRecord, _ live: AppRunState) throws {
        awaitFinished(record.id, live)
        try settleStale(record)
    }

    /// Blocks, at most 10 s, until the supervisor of `live` has finished container `id` (its
    /// run state gone) or has exited, unless that supervisor is this process. A `_supervise`,
    /// or the monitor of the store's last container, is then waited for to leave as well (it
    /// ends with them), so a command that returns leaves no process of the container behind.
    func awaitFinished(_ id: String, _ live: AppRunState) {
        guard live.supervisorPid != getpid() else { return }
        let deadline = MonotonicDeadline(seconds: 10)
        ProcessLiveness.waitUntilGone(pid: live.supervisorPid, startTime: live.supervisorStartTime,
                                      orUntil: { store.loadRunState(of: id) == nil }, deadline: deadline)
        let monitor = HostProcessStat.read(pid: live.supervisorPid)?.command == CompanionLocator.monitor.binaryName
        // The monitor stays while it serves other containers, or the launch asking (its child).
        if monitor && live.supervisorPid == getppid() { return }
        ProcessLiveness.waitUntilGone(pid: live.supervisorPid, startTime: live.supervisorStartTime,
                                      orUntil: { monitor && otherContainersRun(than: id) }, deadline: deadline)
    }

    /// Whether the run root holds another container's run state (the monitor's socket and
    /// lock are not one). Stops at the first: with thousands of containers a full listing
    /// was milliseconds of every removal, growing with their number (perf, 2026-12-03).
    private func otherContainersRun(than id: String) -> Bool {
        FileIO.containsName(in: store.runRoot) { $0 != id && !$0.hasPrefix("monitor.") }
    }

    /// A run state left without a living process or supervisor: clean up after it and record
    /// the container as exited.
    func settleStale(_ record: AppContainerRecord) throws {
        guard let stale = store.loadRunState(of: record.id), !stale.isAlive, !stale.supervisorIsAlive || stale.supervisorPid == getpid() else { return }
        try clearStale(record)
        if record.config.autoRemove {
            store.removeFiles(id: record.id, name: record.name)
            return
        }
        var state = store.loadState(of: record.id)
        state.status = .exited
        state.finishedAt = state.finishedAt ?? RFC3339.now(nanoseconds: true)
        try store.saveState(state, of: record.id)
    }

    /// SIGKILL to the whole cgroup; ENOENT means the supervisor removed it meanwhile, with
    /// its processes already gone, and so does ENODEV (a v1 cgroup whose rmdir is under way
    /// still lists its files, but reading freezer.state fails so).
    static func killAllIgnoringRemoval(_ cgroup: Cgroup) throws(CoreError) {
        do { try cgroup.killAll(signal: SIGKILL) } catch {
            if error.kind != .notFound && error.errno != ENODEV { throw error }
        }
    }
}
