import Foundation
import Glibc
import NamespaceCore

/// Reaps exited helper processes of a runtime that daemonized and, the runner being a
/// subreaper, came back to us as children: LXC's monitor (`lxc-start -d`), podman's
/// `conmon`, and the process crun forks after `setsid` for `run --detach` (it starts the
/// container, reports to the crun we ran, and exits: one per container). Only zombies with
/// those names whose parent is this process are touched, so a child someone else waits for
/// is never taken.
enum ZombieReaper {
    /// Zombies named in `names`, and those named in `daemonized` only from a session other than
    /// ours: a process that daemonized made its own session, while one we spawned (a `crun`
    /// command another thread is about to wait for) shares ours. One pass over /proc; returns
    /// how many it reaped.
    @discardableResult
    static func reapOrphans(named names: Set<String>, daemonizedNamed daemonized: Set<String> = []) -> Int {
        guard !names.isEmpty || !daemonized.isEmpty else { return 0 }
        let me = getpid()
        let session = getsid(0)
        var reaped = 0
        for entry in (try? FileIO.names(in: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid), stat.state == "Z", stat.parentPid == me,
                  names.contains(stat.command) || (daemonized.contains(stat.command) && stat.session != session) else { continue }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { reaped += 1 }
        }
        return reaped
    }
}
