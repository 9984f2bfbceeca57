#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// Runs `command` inside the running container: every namespace of its init, its cgroup,
    /// the same capability drop and seccomp filter. stdio is the caller's, or with `terminal`
    /// a new pty (its controlling terminal, in a new session) relayed to the caller's, as
    /// lxc-attach gives one. Returns how it ended.
    public func attach(name: String, command: [String], environment: [String] = [], terminal: Bool = false) throws -> ExitStatus {
        guard !command.isEmpty else { throw CoreError(stage: "attach \(name)", detail: "no command given") }
        let record = try requireRunning(name)
        let config = try store.loadConfig(of: name)
        let spec = try attachSpec(record: record, config: config, command: command, environment: environment)
        if terminal { return try Launcher().runOnTerminal(spec, interactive: true, containerPid: record.pid) }
        let process = try Launcher().launch(spec)
        return try process.wait()
    }

    func attachSpec(record: SystemStateRecord, config: LXCConfig, command: [String],
                    environment: [String]) throws(CoreError) -> LaunchSpec {
        var spec = LaunchSpec(args: command, environment: config.environmentList { _ in nil } + environment)
        let kinds: [(NamespaceKind, String)] = [(.mount, "mnt"), (.uts, "uts"), (.ipc, "ipc"),
                                                (.network, "net"), (.cgroup, "cgroup"), (.pid, "pid")]
        spec.namespaces = kinds.map { NamespaceSpec($0.0, path: "/proc/\(record.pid)/ns/\($0.1)") }
        // Unprivileged: the command is container root too, not host root.
        if config.isUnprivileged { spec.namespaces.insert(NamespaceSpec(.user, path: "/proc/\(record.pid)/ns/user"), at: 0) }
        spec.populateDev = false
        spec.loopbackUp = false
        spec.newSession = false
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        spec.cgroupPlacement = cgroup.placement
        spec.capabilities = try SystemSecurity.capabilities(drop: config.capDrop, keep: config.capKeep,
                                                            available: SystemSecurity.callerBoundingSet())
        spec.seccomp = try SystemSecurity.seccompProgram(for: config)
        return spec
    }
}
