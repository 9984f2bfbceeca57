#if canImport(Glibc)
import Glibc
#endif

/// Signal names and numbers on Linux: `TERM`, `SIGTERM`, `15`, `RTMIN+3`, `SIGRTMAX-1`.
public enum Signal {
    /// glibc reserves 32 and 33, so the real-time range visible to programs starts at 34.
    public static let realtimeMin: Int32 = 34
    public static let realtimeMax: Int32 = 64

    /// Index = signal number (names without the SIG prefix).
    public static let names: [String] = [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ]

    /// Extra spellings of the same numbers.
    static let aliases: [String: Int32] = ["IOT": 6, "CLD": 17, "POLL": 29]

    /// `SIGTERM` for 15, `SIGRTMIN+3` for 37.
    public static func name(of number: Int32) -> String {
        if number > 0, number < names.count { return "SIG" + names[Int(number)] }
        if number == realtimeMin { return "SIGRTMIN" }
        if number == realtimeMax { return "SIGRTMAX" }
        if number > realtimeMin, number < realtimeMax { return "SIGRTMIN+\(number - realtimeMin)" }
        return "signal \(number)"
    }

    /// The number of a name or decimal string; nil when unknown or out of range.
    public static func number(named text: String) -> Int32? {
        if let value = Int32(text) { return value > 0 && value <= realtimeMax ? value : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let index = names.firstIndex(of: name), index > 0 { return Int32(index) }
        if let alias = aliases[name] { return alias }
        for (base, start) in [("RTMIN", realtimeMin), ("RTMAX", realtimeMax)] where name.hasPrefix(base) {
            let rest = name.dropFirst(base.count)
            if rest.isEmpty { return start }
            guard let offset = Int32(rest.dropFirst()), rest.first == "+" || rest.first == "-" else { return nil }
            let value = rest.first == "+" ? start + offset : start - offset
            return value >= realtimeMin && value <= realtimeMax ? value : nil
        }
        return nil
    }

    /// Like `number(named:)`, as a CoreError when unknown.
    public static func parse(_ text: String) throws(CoreError) -> Int32 {
        guard let value = number(named: text) else {
            throw CoreError(stage: "signal", errno: EINVAL, detail: "unknown signal \(text)")
        }
        return value
    }
}
