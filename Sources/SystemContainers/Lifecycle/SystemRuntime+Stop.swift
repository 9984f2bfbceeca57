#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    public enum StopOutcome: Sendable, Equatable {
        case notRunning
        /// The init halted on its halt signal.
        case halted
        /// The timeout passed; everything was killed.
        case killed
    }

    /// Sends the halt signal (`lxc.signal.halt`, SIGPWR by default), waits up to `timeout`
    /// seconds, then kills every process of the cgroup. The cgroup and state go afterwards.
    @discardableResult
    public func stop(name: String, timeout: Double = 10) throws(CoreError) -> StopOutcome {
        try store.requireExisting(name)
        guard let record = store.runningState(of: name) else {
            try clearStale(name)
            return .notRunning
        }
        var outcome = StopOutcome.halted
        if Glibc.kill(record.pid, record.haltSignal) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal \(Signal.name(of: record.haltSignal)) to \(record.pid)", errno: errno)
        }
        let milliseconds = Int32(max(0, min(timeout, 86_400)) * 1000)
        if !ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime, timeoutMilliseconds: milliseconds) {
            outcome = .killed
            try killEverything(record)
        }
        try finishStopped(record)
        return outcome
    }

    /// Sends `signal` to the init (nil: `lxc.signal.stop`, SIGKILL by default); SIGKILL ends
    /// the whole container and cleans up after it.
    public func kill(name: String, signal: Int32? = nil) throws(CoreError) {
        let record = try requireRunning(name)
        let configured = try store.loadConfig(of: name).stopSignal
        let signal = signal ?? configured ?? SIGKILL
        if signal == SIGKILL {
            try killEverything(record)
            try finishStopped(record)
            return
        }
        if Glibc.kill(record.pid, signal) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal \(Signal.name(of: signal)) to \(record.pid)", errno: errno)
        }
    }

    private func killEverything(_ record: SystemStateRecord) throws(CoreError) {
        let host = try CgroupHost.current()
        if let cgroup = try? Cgroup.open(path: record.cgroupPath, host: host) {
            try cgroup.killAll(signal: SIGKILL)
        } else if Glibc.kill(record.pid, SIGKILL) != 0 && errno != ESRCH {
            throw CoreError(stage: "signal SIGKILL to \(record.pid)", errno: errno)
        }
        // The kernel ends the rest of the pid namespace with its init.
        ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime, timeoutMilliseconds: 10_000)
    }

    /// The init is gone: wait for the rest of its cgroup, then remove cgroup and state.
    func finishStopped(_ record: SystemStateRecord) throws(CoreError) {
        finishConsoleRelay(record)
        disconnectNetwork(record)
        try removeCgroupIfPresent(record.cgroupPath)
        store.removeStateDirectory(of: record.name)
    }
}
