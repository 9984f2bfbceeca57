#if canImport(Glibc)
import Glibc
#endif

/// Capability names and numbers, as <linux/capability.h> defines them.
/// Parsing accepts `CAP_CHOWN`, `cap_chown` and `chown`.
public enum Capability {
    /// Index = capability number.
    public static let names: [String] = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ]

    /// The highest capability this table knows.
    public static var lastKnown: UInt32 { UInt32(names.count - 1) }

    /// `CAP_CHOWN` for 0; `CAP_63` style for numbers past the table.
    public static func name(of number: UInt32) -> String {
        number < names.count ? names[Int(number)] : "CAP_\(number)"
    }

    /// The number of `CAP_X`, `cap_x` or `x`; nil when unknown.
    public static func number(named name: String) -> UInt32? {
        var upper = name.uppercased()
        if !upper.hasPrefix("CAP_") { upper = "CAP_" + upper }
        return names.firstIndex(of: upper).map { UInt32($0) }
    }

    /// Parses a list of names into a set, failing on the first unknown one.
    public static func parse(_ list: [String]) throws(CoreError) -> Set<UInt32> {
        var result = Set<UInt32>()
        for name in list {
            guard let number = number(named: name) else {
                throw CoreError(stage: "capabilities", errno: EINVAL, detail: "unknown capability \(name)")
            }
            result.insert(number)
        }
        return result
    }

    /// A set as the 64-bit mask capset(2) and /proc/PID/status use.
    public static func mask(_ set: Set<UInt32>) -> UInt64 {
        set.reduce(0) { $1 < 64 ? $0 | (UInt64(1) << UInt64($1)) : $0 }
    }

    /// The numbers in a mask, e.g. from `CapEff:` in /proc/PID/status.
    public static func set(fromMask mask: UInt64) -> Set<UInt32> {
        Set((0..<64).filter { mask & (UInt64(1) << UInt64($0)) != 0 }.map { UInt32($0) })
    }
}
