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
        for entry in (try? FileIO.names(in: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid),
                  stat.state == "Z", stat.parentPid == me, names.contains(stat.command) else { continue }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}
