/// The fields of /proc/PID/stat that tell whether a recorded pid is still the same process.
public struct HostProcessStat: Sendable, Equatable {
    /// R, S, D, Z, T...
    public var state: Character
    /// Field 22: start time in clock ticks after boot; a reused pid has another value.
    public var startTime: UInt64

    public init(state: Character, startTime: UInt64) {
        self.state = state
        self.startTime = startTime
    }

    /// The command name (field 2) may hold spaces and parentheses, so fields are counted after
    /// the last `)`: state is field 3, start time field 22.
    public static func parse(_ text: String) -> HostProcessStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard rest.count >= 20, let state = rest[0].first, let startTime = UInt64(rest[19]) else { return nil }
        return HostProcessStat(state: state, startTime: startTime)
    }

    public static func read(pid: Int32, root: HostRoot = .system) -> HostProcessStat? {
        root.read("/proc/\(pid)/stat").flatMap(parse)
    }
}
