#if canImport(Glibc)
import Glibc
#endif

/// UTC times as RFC 3339 text, from clock_gettime and gmtime_r (no Foundation dates):
/// `2026-11-29T02:06:19Z` as image configs carry them, or with nanoseconds
/// (`2026-11-29T02:06:19.123456789Z`) as Docker's container state does.
public enum RFC3339 {
    public static func now(nanoseconds: Bool = false) -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return string(seconds: spec.tv_sec, nanoseconds: nanoseconds ? Int(spec.tv_nsec) : nil)
    }

    /// `seconds` since the epoch; the fraction is written, as nine digits, only when given.
    public static func string(seconds: time_t, nanoseconds: Int? = nil) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if let nanoseconds {
            let digits = String(nanoseconds)
            text += "." + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
        }
        return text + "Z"
    }
}
