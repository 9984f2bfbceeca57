#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Starts one hook process: `path` with `args` and exactly `env`, the state JSON on stdin,
/// stdout and stderr the runtime's; in the container's namespaces for createContainer and
/// startContainer. Past `timeout` seconds it is killed and the hook fails.
public enum HookProcess {
    /// The namespaces a container-namespace hook enters, as /proc/PID/ns names. user first,
    /// so the others are joined with its privileges; one the runtime already shares is skipped
    /// (setns into one's own user namespace is EINVAL).
    static let containerNamespaces: [(NamespaceKind, String)] = [
        (.user, "user"), (.mount, "mnt"), (.pid, "pid"), (.network, "net"), (.ipc, "ipc"), (.uts, "uts"), (.cgroup, "cgroup"),
    ]

    public static let run: HookRunner.Execute = { invocation throws(CoreError) in
        let spec = try launchSpec(for: invocation)
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { throw CoreError.fromErrno("pipe for hook state") }
        // Close-on-exec: only the hook's dup2'd stdin copy may outlive our exec of it.
        _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        defer { close(pipeFDs[0]) }
        // The state is small (well under the pipe's 64 KiB), so it is written before the start.
        let written = invocation.state.withUnsafeBytes { write(pipeFDs[1], $0.baseAddress, $0.count) }
        close(pipeFDs[1])
        guard written == invocation.state.count else { throw CoreError.fromErrno("write hook state") }
        var withStdin = spec
        withStdin.stdio = .fds(stdin: pipeFDs[0], stdout: STDOUT_FILENO, stderr: STDERR_FILENO)
        let process: ContainerProcess
        do { process = try Launcher().launch(withStdin) } catch let error as CoreError { throw error } catch {
            throw CoreError(stage: "start hook", detail: "\(error)")
        }
        let status = try wait(for: process, timeout: invocation.hook.timeout)
        guard status == .exited(0) else { throw CoreError(stage: "run", detail: "\(status)") }
    }

    static func launchSpec(for invocation: HookInvocation) throws(CoreError) -> LaunchSpec {
        let hook = invocation.hook
        guard hook.path.hasPrefix("/") else {
            throw CoreError(stage: "hook path", errno: EINVAL, detail: "'\(hook.path)' is not absolute")
        }
        var spec = LaunchSpec(args: hook.args ?? [hook.path], environment: hook.env ?? [])
        if spec.args.isEmpty { spec.args = [hook.path] }
        spec.executable = hook.path
        spec.newSession = false
        spec.loopbackUp = false
        spec.populateDev = false
        if let pid = invocation.containerPID {
            spec.namespaces = containerNamespaces.compactMap { kind, name in
                let theirs = "/proc/\(pid)/ns/\(name)"
                return sameObject(theirs, "/proc/self/ns/\(name)") ? nil : NamespaceSpec(kind, path: theirs)
            }
        }
        return spec
    }

    /// Waits up to `timeout` seconds (none: for ever); a hook still running then is killed.
    static func wait(for process: ContainerProcess, timeout: Int?) throws(CoreError) -> ExitStatus {
        guard let timeout, timeout > 0 else { return try process.wait() }
        var entry = pollfd(fd: process.pidfd, events: Int16(POLLIN), revents: 0)
        var left = timeout * 1000
        while left > 0 {
            let step = min(left, 1000)
            let ready = poll(&entry, 1, Int32(step))
            if ready > 0 { return try process.wait() }
            if ready < 0 && errno != EINTR { throw CoreError.fromErrno("poll hook \(process.pid)") }
            if ready == 0 { left -= step }
        }
        try? process.signal(SIGKILL)
        _ = try? process.wait()
        throw CoreError(stage: "run", errno: ETIMEDOUT, detail: "killed after its timeout of \(timeout) s")
    }

    static func sameObject(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
