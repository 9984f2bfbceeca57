import NamespaceCore

/// `ps`: the processes of a container, as runc prints them.
public enum ProcessTable {
    /// The JSON form: the host pids, in cgroup order, as `[1234,1240]`.
    public static func json(_ pids: [Int32]) -> String {
        "[" + pids.map(String.init).joined(separator: ",") + "]"
    }

    /// The table form: the header of `ps` output and the lines whose PID column holds one of
    /// `pids` (runc runs `ps -ef`, or the arguments given, on the host and filters it so).
    public static func filter(psOutput: String, pids: [Int32]) throws(CoreError) -> String {
        let lines = psOutput.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first,
              let column = header.split(separator: " ", omittingEmptySubsequences: true).firstIndex(of: "PID") else {
            throw CoreError(stage: "ps", detail: "the ps output has no PID column; give ps arguments that print one (e.g. -ef)")
        }
        let wanted = Set(pids)
        var kept = [String(header)]
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard column < fields.count, let pid = Int32(fields[column]), wanted.contains(pid) else { continue }
            kept.append(String(line))
        }
        return kept.joined(separator: "\n")
    }
}
