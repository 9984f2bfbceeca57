extension Leftovers {
    /// The command name of the store's shared monitor of detached app containers.
    static var monitorCommand: String { CompanionLocator.monitor.binaryName }

    /// Each `cbench-monitor` and the launchers and finishers it runs, children first. A monitor
    /// finishes a launch whose requester died, so it and its launchers go before the cgroups'
    /// processes are read again: nothing it started afterwards outlives the cleanup.
    static func monitors(root: HostRoot) -> [Leftover] {
        let processes = (root.list("/proc") ?? []).compactMap { name -> (pid: Int32, stat: HostProcessStat)? in
            guard let pid = Int32(name), let stat = HostProcessStat.read(pid: pid, root: root), stat.state != "Z" else { return nil }
            return (pid, stat)
        }
        let monitors = processes.filter { $0.stat.command == monitorCommand }
        return monitors.flatMap { monitor in
            // Its socket lies in the run root it serves: a live owner's tag there spares it.
            let socket = arguments(of: monitor.pid, root: root).dropFirst().first.map { " at \($0)" } ?? ""
            return processes.filter { $0.stat.parentPid == monitor.pid }.map {
                Leftover(kind: .process, target: String($0.pid), evidence: "child of \(monitorCommand) \(monitor.pid)\(socket)",
                         pid: $0.pid, startTime: $0.stat.startTime)
            } + [Leftover(kind: .process, target: String(monitor.pid), evidence: monitorCommand + socket,
                          pid: monitor.pid, startTime: monitor.stat.startTime)]
        }
    }

    /// The command line of `pid` (/proc/PID/cmdline, NUL-separated).
    static func arguments(of pid: Int32, root: HostRoot) -> [String] {
        (root.read("/proc/\(pid)/cmdline") ?? "").split(separator: "\0").map(String.init)
    }
}
