import Glibc
import NamespaceCore

extension RuntimeSpec {
    /// The launch of `process` in the running container made from this config, whose init is
    /// `initPid`: every namespace of the config is joined through the init's /proc/PID/ns (user
    /// first), nothing is mounted, and the container's seccomp filter applies. Capabilities,
    /// rlimits and no_new_privs the process leaves out come from the config's process, as runc
    /// fills them. The caller sets the cgroup and stdio.
    public func execLaunchSpec(_ process: Process, initPid: Int32, detach: Bool) throws(CoreError) -> LaunchSpec {
        guard !process.args.isEmpty else {
            throw CoreError(stage: "exec", errno: EINVAL, detail: "process.args is empty; name the program to run")
        }
        guard process.cwd.hasPrefix("/") else {
            throw CoreError(stage: "exec", errno: EINVAL, detail: "process.cwd '\(process.cwd)' is not absolute; use a path starting with /")
        }
        var launch = LaunchSpec(args: process.args, environment: process.env ?? [])
        launch.workingDirectory = process.cwd
        launch.user = UserSpec(uid: process.user.uid, gid: process.user.gid,
                               additionalGids: process.user.additionalGids ?? [], umask: process.user.umask)
        launch.capabilities = try (process.capabilities ?? self.process?.capabilities).map { caps throws(CoreError) in
            try Self.capabilitySets(caps)
        }
        launch.rlimits = (process.rlimits ?? self.process?.rlimits ?? []).map { RlimitSpec(type: $0.type, soft: $0.soft, hard: $0.hard) }
        launch.noNewPrivileges = process.noNewPrivileges ?? self.process?.noNewPrivileges ?? false
        launch.seccomp = try seccompProfile()?.compile()
        var kinds: [NamespaceKind] = []
        for (index, namespace) in (linux?.namespaces ?? []).enumerated() {
            guard let kind = NamespaceKind(rawValue: namespace.type) else {
                throw CoreError(stage: "exec", errno: EINVAL, detail: "linux.namespaces[\(index)].type '\(namespace.type)' is not a namespace type")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        // The user namespace first: the others are owned by it.
        kinds.sort { $0 == .user && $1 != .user }
        launch.namespaces = kinds.map { NamespaceSpec($0, path: "/proc/\(initPid)/ns/\($0.procName)") }
        launch.populateDev = false
        launch.loopbackUp = false
        launch.controllingTerminal = process.terminal == true
        launch.newSession = detach || process.terminal == true
        return launch
    }
}
