import Foundation

/// A process's signal dispositions as /proc/PID/status shows them, for tests that must send a
/// signal only once a handler (SigCgt) or an ignore (SigIgn) is in place, not after a guess.
public enum SignalDisposition: String, Sendable {
    case caught = "SigCgt"
    case ignored = "SigIgn"

    /// Waits until `pid` has `signal` in this set; false when it exits (or is a zombie) first.
    public func waitUntilSet(_ signal: Int32, pid: Int32) -> Bool {
        let bit = UInt64(1) << UInt64(signal - 1)
        while let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) {
            if status.contains("State:\tZ") { return false }
            let line = status.split(separator: "\n").first { $0.hasPrefix(rawValue + ":") } ?? ""
            let mask = UInt64(line.dropFirst(rawValue.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
            if mask & bit != 0 { return true }
            usleep(5_000)
        }
        return false
    }
}
