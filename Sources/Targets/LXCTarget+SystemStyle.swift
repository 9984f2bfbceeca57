import NamespaceCore

extension LXCTarget: SystemStyleTarget {
    /// The root's own init: busybox init here, systemd in a Debian root.
    static let systemInit = ["/sbin/init"]

    /// `lxc-start -d` + `lxc-wait -s RUNNING` (boot), `lxc-attach` (command), `lxc-stop`
    /// without `-k` (halt: LXC signals the init and waits for it to shut down).
    public func bootRunHalt(_ container: PreparedContainer) throws -> ContainerRun {
        let started = try startContainer(container, initCommand: LXCTarget.systemInit)
        guard let first = started.phases.first, let last = started.phases.last else {
            throw CoreError(stage: "lxc boot \(container.id)", detail: "no start phases")
        }
        var run = ContainerRun(phases: [Phase(name: "boot", start: first.start, end: last.end)])
        var outcome: SpawnResult?
        run.phases.append(try RealTargetSupport.timed("command") {
            outcome = try Spawn(command("lxc-attach", container.id, ["--"] + container.workload.args),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        })
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        run.phases.append(try RealTargetSupport.timed("halt") {
            try RealTargetSupport.checked(command("lxc-stop", container.id, ["-t", "30"]), stage: "lxc-stop \(container.id)")
        })
        run.exit = outcome?.exit
        run.stdout = outcome?.stdout ?? ""
        run.stderr = outcome?.stderr ?? ""
        return run
    }
}
