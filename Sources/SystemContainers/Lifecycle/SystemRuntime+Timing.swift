#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// One start-to-stop cycle measured in-process through the API (no CLI start-up in it).
public struct SystemCycleTiming: Sendable, Equatable, Codable {
    /// `start` until it returned (the init runs: lxc-wait's RUNNING).
    public var runningMilliseconds: Double
    /// `start` until the readiness marker appeared.
    public var bootedMilliseconds: Double
    /// `stop` (halt) or `kill` until it returned, cgroup and state gone.
    public var stopMilliseconds: Double
    /// The cgroup's memory use once booted.
    public var memoryBytes: UInt64?
}

extension SystemRuntime {
    /// start, wait until booted, then `kill` (or a clean halt with `halt`). The container
    /// must be stopped before; it is stopped after.
    public func measureCycle(name: String, halt: Bool, timeout: Double = 30) throws -> SystemCycleTiming {
        let begin = Self.monotonicSeconds()
        try start(name: name)
        let running = Self.monotonicSeconds()
        do {
            try wait(name: name, booted: true, timeout: timeout)
        } catch {
            try? kill(name: name, signal: SIGKILL)
            throw error
        }
        let booted = Self.monotonicSeconds()
        let memory = try? info(name: name).stats?.memoryUsage
        let stopping = Self.monotonicSeconds()
        if halt { try stop(name: name, timeout: timeout) } else { try kill(name: name, signal: SIGKILL) }
        let end = Self.monotonicSeconds()
        return SystemCycleTiming(runningMilliseconds: (running - begin) * 1000, bootedMilliseconds: (booted - begin) * 1000,
                                 stopMilliseconds: (end - stopping) * 1000, memoryBytes: memory)
    }
}
