import Glibc
import NamespaceCore

/// Why a killed container init may not exit: the kernel holds a pid namespace's dying init
/// (in zap_pid_ns_processes) until every process that ran in the namespace has been reaped.
/// A process that left the init's tree (a detached `exec`, reparented to the caller's
/// subreaper, as conmon and containerd-shim are) and has exited stays a zombie until that
/// parent waits for it; a caller that waits for `delete --force` before it reaps would
/// deadlock with it.
enum PidNamespaceTeardown {
    /// How long `delete --force` waits for the init after SIGKILL (runc gives up after 10 s too).
    static let initExitMilliseconds: Int32 = 10_000

    /// The zombies of `initPid`'s pid namespace, other than the init, with their parents.
    static func unreaped(inNamespaceOf initPid: Int32) -> [(pid: Int32, parent: Int32)] {
        guard let namespace = FileIO.readLink("/proc/\(initPid)/ns/pid") else { return [] }
        return ((try? FileIO.names(in: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), pid != initPid, let stat = HostProcessStat.read(pid: pid), stat.state == "Z",
                  FileIO.readLink("/proc/\(pid)/ns/pid") == namespace else { return nil }
            return (pid, stat.parentPid)
        }
    }

    /// The error for an init that outlived the wait, naming what holds it.
    static func initDidNotExit(id: String, pid: Int32) -> CoreError {
        let zombies = unreaped(inNamespaceOf: pid)
        let held = zombies.isEmpty
            ? "no unreaped process of its pid namespace was found; see /proc/\(pid)/stack"
            : "the kernel holds it until its pid namespace's exited processes are reaped: "
                + zombies.map { "\($0.pid) (a zombie of parent \($0.parent))" }.joined(separator: ", ")
                + "; their parent must wait for them, then delete again"
        return CoreError(stage: "delete \(id)", errno: ETIMEDOUT,
                         detail: "init \(pid) did not exit within \(initExitMilliseconds / 1000) s of SIGKILL: \(held)")
    }
}
