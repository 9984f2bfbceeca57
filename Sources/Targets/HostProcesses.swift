import Glibc
import NamespaceCore

/// Processes of the host found by their command line (a daemon we started, by its paths).
enum HostProcesses {
    /// Pids whose command line (arguments joined by spaces) satisfies `predicate`.
    static func matching(_ predicate: (String) -> Bool) -> [pid_t] {
        ((try? FileIO.names(in: "/proc")) ?? []).compactMap { name -> pid_t? in
            guard let pid = pid_t(name), pid != getpid() else { return nil }
            let bytes = (try? FileIO.read("/proc/\(pid)/cmdline", limit: 1 << 16)) ?? []
            let line = String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return !line.isEmpty && predicate(line) ? pid : nil
        }
    }
}
