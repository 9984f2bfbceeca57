#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// Until the container runs (`booted == false`, as `lxc-wait -s RUNNING` waits for a
    /// start to come) or has finished booting: its readiness marker exists inside it, seen
    /// through /proc/PID/root. `booted` on a container that was not started (or was stopped)
    /// fails at once: no boot is under way to wait for. Throws when the init exits first (its
    /// state is still there: "the init exited") or `timeout` passes.
    public func wait(name: String, booted: Bool, timeout: Double = 30) throws(CoreError) {
        try store.requireExisting(name)
        if booted, store.loadState(of: name) == nil {
            throw CoreError(stage: "wait \(name) --booted", detail: "\(name) is not running; start it first (`cbench system start \(name)`)")
        }
        let pollMicroseconds: UInt32 = 1_000
        let deadline = Self.monotonicSeconds() + timeout
        while true {
            if let record = store.runningState(of: name) {
                guard booted else { return }
                guard let marker = record.readinessMarker else {
                    throw CoreError(stage: "wait \(name) --booted", detail: "its template sets no readiness marker")
                }
                if access("/proc/\(record.pid)/root\(marker)", F_OK) == 0, record.isAlive { return }
            } else if store.loadState(of: name) != nil {
                // An init that exited at once leaves nothing behind it.
                try clearStale(name)
                throw CoreError(stage: "wait \(name)", detail: "the init exited before \(booted ? "boot finished" : "running")")
            }
            if Self.monotonicSeconds() >= deadline {
                throw CoreError(stage: "wait \(name)", errno: ETIMEDOUT,
                                detail: "not \(booted ? "booted" : "running") after \(timeout) s")
            }
            usleep(pollMicroseconds)
        }
    }

    /// True when the container runs and its readiness marker is there.
    public func isBooted(name: String) -> Bool {
        guard let record = store.runningState(of: name), let marker = record.readinessMarker else { return false }
        return access("/proc/\(record.pid)/root\(marker)", F_OK) == 0
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
