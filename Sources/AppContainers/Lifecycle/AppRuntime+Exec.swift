#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// Runs `command` in a running container: its namespaces and cgroup, the same
    /// capabilities and seccomp filter, its environment plus `environment`. stdio is the
    /// caller's, or with `tty` a pty relayed to it (keystrokes too when `interactive`).
    /// Returns how it ended, or nil with `detach` (it runs on).
    public func exec(_ reference: String, command: [String], environment: [String] = [], user: String? = nil,
                     workingDirectory: String? = nil, detach: Bool = false, tty: Bool = false,
                     interactive: Bool = true) throws -> ExitStatus? {
        guard !command.isEmpty else { throw CoreError(stage: "exec", errno: EINVAL, detail: "no command given") }
        let record = try store.loadRecord(of: try store.resolve(reference))
        guard let live = store.loadRunState(of: record.id), live.isAlive else {
            throw CoreError(stage: "container \(record.name)", detail: "is not running (start it with `cbench app start \(record.name)`)")
        }
        let spec = try execSpec(record, live: live, command: command, environment: environment, user: user,
                                workingDirectory: workingDirectory, detach: detach)
        guard tty, !detach else {
            let process = try Launcher().launch(spec)
            if detach { return nil }
            return try SignalForwarding.blocking(SignalForwarding.forwarded) { signals in
                try SignalForwarding.wait(for: process, signals: signals, copying: [])
            }
        }
        return try Launcher().runOnTerminal(spec, interactive: interactive, containerPid: live.pid)
    }

    func execSpec(_ record: AppContainerRecord, live: AppRunState, command: [String], environment: [String], user: String?,
                  workingDirectory: String?, detach: Bool) throws -> LaunchSpec {
        let base = try AppProcess(config: record.config, image: record.imageParameters, hostname: record.hostname)
        let root = "/proc/\(live.pid)/root"
        let resolvedUser = try AppUser.resolve(user ?? base.user) { path in
            (try? FileIO.read(root + path, limit: 1 << 20)).map { String(decoding: $0, as: UTF8.self) }
        }
        var env = AppProcess.mergeEnvironment(image: base.environment, overrides: environment, hostname: record.hostname)
        if !env.contains(where: { $0.hasPrefix("HOME=") }) { env.append("HOME=\(resolvedUser.home)") }
        var spec = LaunchSpec(args: command, environment: env)
        spec.workingDirectory = workingDirectory ?? base.workingDirectory
        spec.user = UserSpec(uid: resolvedUser.uid, gid: resolvedUser.gid, additionalGids: resolvedUser.additionalGids)
        var kinds: [(NamespaceKind, String)] = [(.mount, "mnt"), (.uts, "uts"), (.ipc, "ipc"), (.network, "net"), (.pid, "pid")]
        if record.config.usernsRemap { kinds.insert((.user, "user"), at: 0) }
        spec.namespaces = kinds.map { NamespaceSpec($0.0, path: "/proc/\(live.pid)/ns/\($0.1)") }
        spec.populateDev = false
        spec.loopbackUp = false
        spec.newSession = detach
        let security = try securityOptions(for: record.config)
        spec.capabilities = AppSecurity.capabilitySets(security.capabilities)
        spec.seccomp = try security.seccompProfile().map { profile throws(CoreError) in try profile.compile() }
        spec.noNewPrivileges = security.noNewPrivileges
        spec.cgroupPlacement = try Cgroup.open(path: live.cgroupPath).placement
        if detach {
            let null = open("/dev/null", O_RDWR | O_CLOEXEC)
            guard null >= 0 else { throw CoreError.fromErrno("open /dev/null") }
            spec.stdio = .fds(stdin: null, stdout: null, stderr: null)
        }
        return spec
    }
}
