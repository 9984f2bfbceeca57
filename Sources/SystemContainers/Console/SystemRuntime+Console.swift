#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// What `start` prepares for a container that asks for terminals: the pty pairs, their
/// slaves bound over /dev/console and /dev/ttyN, and the socket the relay will serve. A
/// container with `lxc.console.path = none` and no ttys gets none of it (no host file).
final class ConsoleSetup {
    let layout: ConsoleTerminalLayout
    private(set) var ptys: [PseudoTerminal] = []
    private(set) var listener: Int32 = -1
    private(set) var log: Int32 = -1
    private(set) var relayPid: pid_t = 0

    init(layout: ConsoleTerminalLayout) {
        self.layout = layout
    }

    deinit { closeHostEnds() }

    /// Adds the pty binds to `spec`; the console's slave becomes the init's stdio. The slaves
    /// belong to the container's root (`owner`), as LXC hands them over: a getty inside opens
    /// its tty itself, which host root's 0620 device refuses to an unprivileged root.
    func prepare(_ spec: inout LaunchSpec, socketPath: String, logPath: String, owner: SystemRootOwner) throws(CoreError) {
        guard !layout.isEmpty else { return }
        for path in layout.containerPaths {
            let pty = try PseudoTerminal.open()
            ptys.append(pty)
            if owner != .hostRoot, fchown(pty.slave, owner.uid, owner.gid) != 0 {
                throw CoreError(stage: "chown \(pty.slavePath) to \(owner.uid):\(owner.gid)", errno: errno)
            }
            spec.mounts.append(MountSpec(destination: path, type: "bind", source: pty.slavePath, options: ["bind"]))
        }
        if layout.console, let console = ptys.first {
            spec.stdio = .fds(stdin: console.slave, stdout: console.slave, stderr: console.slave)
        }
        log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw CoreError.fromErrno("open \(logPath)") }
        listener = try ConsoleSocket.listen(at: socketPath)
    }

    /// Hands the masters and the socket to a detached relay; this process keeps none of them.
    func startRelay(initPid: pid_t, initStartTime: UInt64, socketPath: String) throws(CoreError) {
        guard !layout.isEmpty else { return }
        let relay = SystemConsoleRelay(initPid: initPid, initStartTime: initStartTime, socketPath: socketPath,
                                       terminalCount: ptys.count)
        relayPid = try ConsoleRelaySpawn.spawn(relay: relay, listener: listener, log: log, masters: ptys.map(\.master))
        closeHostEnds()
    }

    func closeHostEnds() {
        ptys.forEach { $0.closeBoth() }
        ptys = []
        if listener >= 0 { close(listener) }
        if log >= 0 { close(log) }
        listener = -1
        log = -1
    }

    /// After a failed start.
    func abandon(socketPath: String) {
        closeHostEnds()
        if relayPid > 0 {
            Glibc.kill(relayPid, SIGKILL)
            _ = try? ChildProcess.wait(relayPid)
        }
        if !layout.isEmpty { unlink(socketPath) }
    }
}

extension SystemRuntime {
    /// The relay has nothing left to do once the init is gone (its output goes with the run
    /// directory), so it is ended rather than waited for. It may be this process's child
    /// (an in-process start): reap it then.
    func finishConsoleRelay(_ record: SystemStateRecord) {
        guard let pid = record.consoleRelayPid, let startTime = record.consoleRelayStartTime else { return }
        if ProcessLiveness.isAlive(pid: pid, startTime: startTime) {
            Glibc.kill(pid, SIGKILL)
            ProcessLiveness.waitUntilGone(pid: pid, startTime: startTime, timeoutMilliseconds: 2_000)
        }
        _ = ChildProcess.exited(pid)
    }
}
