import Glibc
import NamespaceCore

/// cbench-oci, crun and runc keep idle `sleep` containers: `run --detach` (create and start
/// in one command), torn down with `delete --force`. None of them leaves a monitor behind:
/// the container's init comes back to the runner, a subreaper, which reaps it. crun's
/// `run --detach` forks, the child calls setsid and forks again, and that grandchild starts
/// the container, reports to the crun we ran and exits: it comes back to the runner too, one
/// zombie per container, which the density kind reaps as an exited helper.
extension OCICLITarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.app] }
    public var densityHelpers: DensityHelpers { DensityHelpers(exited: [commandName]) }

    /// The runtime's name as /proc/PID/comm holds it (the file name, at most 15 bytes).
    var commandName: String {
        String((executable.split(separator: "/").last.map(String.init) ?? executable).prefix(15))
    }

    public func startIdle(_ container: PreparedContainer) throws {
        let outcome = try command(["run", "--detach", "--bundle", container.bundle, "--pid-file", container.pidFilePath, container.id],
                                  stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) run --detach \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        let pid = readPid(container)
        let outcome = try command(["delete", "--force", container.id]).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) delete --force \(container.id)",
                            detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
        }
        if let pid { ProcessReaping.reap(pid) }
    }

    public func idleCgroup(_ container: PreparedContainer) -> String? { container.cgroupPath }
}

/// Waits for a container init that came back to the runner (a subreaper) once it is killed;
/// at most `seconds`, and not at all for a process that is not our child.
enum ProcessReaping {
    static func reap(_ pid: pid_t, waitingAtMost seconds: Double = 10) {
        var status: Int32 = 0
        let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) || MonotonicClock.now() >= deadline { return }
            if reaped == 0 { usleep(500) }
        }
    }
}
