/// What a failed ssh or scp says, as one line naming the cause: unreachable, refused key,
/// unknown host key, or the remote command's own last line.
public enum SSHFailure {
    public static func describe(status: Int32, output: String) -> String {
        // "\r\n" is one Character in Swift: split on scalars.
        let lines = output.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { String(String.UnicodeScalarView($0)) }
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let last = lines.last ?? "no output"
        func line(containing needles: [String]) -> String? {
            lines.first { line in needles.contains { line.contains($0) } }
        }
        if let denied = line(containing: ["Permission denied"]) {
            return "authentication failed (wrong key or user): \(denied)"
        }
        if let hostKey = line(containing: ["Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED"]) {
            return "host key not trusted: \(hostKey)"
        }
        if let unreachable = line(containing: ["Connection refused", "No route to host", "timed out", "Could not resolve hostname",
                                               "Network is unreachable", "Connection closed", "Connection reset"]) {
            return "unreachable: \(unreachable)"
        }
        return status == 255 ? "ssh failed: \(last)" : "exited with \(status): \(last)"
    }
}
