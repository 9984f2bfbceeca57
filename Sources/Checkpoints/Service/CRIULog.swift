import NamespaceCore

/// Reading CRIU's log for the line that explains a failure.
public enum CRIULog {
    /// The first `Error (...)` line, without its timestamp; the harmless RLIMIT_NOFILE warning
    /// of a host without CAP_SYS_RESOURCE is never one.
    public static func firstError(in path: String) -> String? {
        guard let bytes = try? FileIO.read(path, limit: 8 << 20) else { return nil }
        return firstError(text: String(decoding: bytes, as: UTF8.self))
    }

    public static func firstError(text: String) -> String? {
        for line in text.split(separator: "\n") where line.contains("Error (") && !explainsNothing(line) {
            var trimmed = Substring(line)
            // "(00.012345) Error (criu/...)": drop the time.
            if trimmed.hasPrefix("("), let close = trimmed.firstIndex(of: ")") {
                trimmed = trimmed[trimmed.index(after: close)...]
            }
            return String(trimmed).trimmingWhitespace()
        }
        return nil
    }

    /// CRIU's text (a log line, its RPC error message, `criu check` output) about the
    /// RLIMIT_NOFILE it cannot raise on a host without CAP_SYS_RESOURCE: every run here says
    /// it, with an EPERM, and it never is why CRIU failed.
    public static func explainsNothing(_ text: some StringProtocol) -> Bool {
        text.contains("RLIMIT_NOFILE")
    }
}
