/// The fields of /proc/PID/stat that say which process a pid is now: its name, state, parent
/// and start time (a reused pid has another start time), and the CPU time it used so far.
public struct HostProcessStat: Sendable, Equatable {
    /// Field 2, without its parentheses (at most 15 bytes, as the kernel keeps it).
    public var command: String
    /// R, S, D, Z, T...
    public var state: Character
    /// Field 4.
    public var parentPid: Int32
    /// Field 6: the session id. A process that daemonized (setsid) has its own; one we
    /// spawned and wait for shares ours.
    public var session: Int32
    /// Field 22: start time in clock ticks after boot; a reused pid has another value.
    public var startTime: UInt64
    /// Fields 14 and 15: user and system CPU time in clock ticks.
    public var cpuTicks: UInt64

    public init(command: String = "", state: Character, parentPid: Int32 = 0, session: Int32 = 0, startTime: UInt64, cpuTicks: UInt64 = 0) {
        self.command = command
        self.state = state
        self.parentPid = parentPid
        self.session = session
        self.startTime = startTime
        self.cpuTicks = cpuTicks
    }

    /// The command name (field 2) may hold spaces and parentheses, so fields are counted after
    /// the last `)`: state is field 3, parent field 4, session field 6, CPU times fields 14 and 15, start time field 22.
    public static func parse(_ text: String) -> HostProcessStat? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard rest.count >= 20, let state = rest[0].first, let parentPid = Int32(rest[1]), let session = Int32(rest[3]),
              let startTime = UInt64(rest[19]) else { return nil }
        let cpuTicks = (UInt64(rest[11]) ?? 0) + (UInt64(rest[12]) ?? 0)
        return HostProcessStat(command: String(text[text.index(after: open)..<close]), state: state,
                               parentPid: parentPid, session: session, startTime: startTime, cpuTicks: cpuTicks)
    }

    public static func read(pid: Int32, root: HostRoot = .system) -> HostProcessStat? {
        root.read("/proc/\(pid)/stat").flatMap(parse)
    }
}
