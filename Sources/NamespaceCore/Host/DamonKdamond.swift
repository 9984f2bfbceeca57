#if canImport(Glibc)
import Glibc
#endif

/// One DAMON worker of the host (`/sys/kernel/mm/damon/admin/kdamonds/N`), read only: what it
/// monitors and what its schemes do. A kdamond that samples physical memory (`paddr`) checks
/// each sampled page through the reverse map, so its cost grows with the mappings a page has:
/// the VM this project measures on runs one that is not ours (paddr, pageout), and in a
/// 9,000-container ramp it took a third of the CPU samples (README, Density). Recorded so that
/// figures from hosts with and without one are not compared as if alike; never changed.
public struct DamonKdamond: Sendable, Equatable, Codable {
    /// One monitoring context: its address space kind and its schemes' actions.
    public struct Context: Sendable, Equatable, Codable {
        /// `paddr` (physical memory), `vaddr` or `fvaddr` (processes' virtual memory).
        public var operations: String
        /// Each scheme's action: `pageout`, `cold`, `lru_prio`, `stat`...
        public var actions: [String]

        public init(operations: String, actions: [String]) {
            self.operations = operations
            self.actions = actions
        }
    }

    public var index: Int
    /// `on` or `off`, as its `state` file says.
    public var state: String
    /// Its kernel thread, while on.
    public var pid: Int32?
    public var contexts: [Context]
    /// CPU time its thread has used since it started (user and system), in seconds.
    public var cpuSeconds: Double?

    public init(index: Int, state: String, pid: Int32? = nil, contexts: [Context] = [], cpuSeconds: Double? = nil) {
        self.index = index
        self.state = state
        self.pid = pid
        self.contexts = contexts
        self.cpuSeconds = cpuSeconds
    }

    public static let adminDirectory = "/sys/kernel/mm/damon/admin/kdamonds"

    public var isRunning: Bool { state == "on" }

    /// `kdamond 0 on (pid 83, 12.5 s CPU): paddr pageout`.
    public var summary: String {
        var head = "kdamond \(index) \(state)"
        var facts: [String] = []
        if let pid { facts.append("pid \(pid)") }
        if let cpuSeconds { facts.append(Self.tenths(cpuSeconds) + " s CPU") }
        if !facts.isEmpty { head += " (" + facts.joined(separator: ", ") + ")" }
        let work = contexts.map { ([$0.operations] + $0.actions).joined(separator: " ") }.joined(separator: "; ")
        return work.isEmpty ? head : head + ": " + work
    }

    /// Every kdamond the admin directory lists (none where DAMON's sysfs is missing).
    public static func readAll(from root: HostRoot, ticksPerSecond: Double = DamonKdamond.clockTicksPerSecond) -> [DamonKdamond] {
        let names = root.list(adminDirectory) ?? []
        return names.compactMap(Int.init).sorted().map { index in
            let directory = "\(adminDirectory)/\(index)"
            let state = root.readValue(directory + "/state") ?? "unknown"
            let pid = root.readValue(directory + "/pid").flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }
            let ticks = pid.flatMap { HostProcessStat.read(pid: $0, root: root) }?.cpuTicks
            return DamonKdamond(index: index, state: state, pid: pid, contexts: contexts(in: directory + "/contexts", root: root),
                                cpuSeconds: ticks.map { Double($0) / ticksPerSecond })
        }
    }

    static func contexts(in directory: String, root: HostRoot) -> [Context] {
        (root.list(directory) ?? []).compactMap(Int.init).sorted().map { index in
            let context = "\(directory)/\(index)"
            let schemes = "\(context)/schemes"
            let actions = (root.list(schemes) ?? []).compactMap(Int.init).sorted().compactMap { root.readValue("\(schemes)/\($0)/action") }
            return Context(operations: root.readValue(context + "/operations") ?? "unknown", actions: actions)
        }
    }

    /// `value` with one decimal (12.5), without Foundation's formatting.
    public static func tenths(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    public static var clockTicksPerSecond: Double {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }
}
