#if canImport(Glibc)
import Glibc
#endif

/// Resource limit names (`RLIMIT_NOFILE`, or `nofile`) and their numbers on Linux.
public enum Rlimit {
    /// Index = resource number.
    public static let names: [String] = [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
        "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
        "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ]

    /// `RLIM_INFINITY` as a limit value.
    public static let infinity = UInt64.max

    public static func name(of resource: Int32) -> String {
        resource >= 0 && resource < names.count ? names[Int(resource)] : "RLIMIT_\(resource)"
    }

    public static func resource(named name: String) -> Int32? {
        var upper = name.uppercased()
        if !upper.hasPrefix("RLIMIT_") { upper = "RLIMIT_" + upper }
        return names.firstIndex(of: upper).map { Int32($0) }
    }

    public static func parse(_ name: String) throws(CoreError) -> Int32 {
        guard let value = resource(named: name) else {
            throw CoreError(stage: "rlimit", errno: EINVAL, detail: "unknown rlimit \(name)")
        }
        return value
    }
}
