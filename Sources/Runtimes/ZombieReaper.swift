import Foundation
import Glibc
import NamespaceCore

/// Reaps exited helper processes of a runtime that daemonized and, the runner being a
/// subreaper, came back to us as children: LXC's monitor (`lxc-start -d`) and podman's
/// `conmon`. Only zombies with those names whose parent is this process are touched, so a
/// child someone else waits for is never taken.
enum ZombieReaper {
    static func reapOrphans(named names: Set<String>) {
        let me = getpid()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let bytes = try? FileIO.read("/proc/\(entry)/stat", limit: 512) else { continue }
            let stat = String(decoding: bytes, as: UTF8.self)
            guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
            let comm = String(stat[stat.index(after: open)..<close])
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard rest.count > 1, rest[0] == "Z", Int32(rest[1]) == me, names.contains(comm) else { continue }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}
