#if canImport(Glibc)
import Glibc
#endif

extension Launcher {
    /// Launches `spec` with a pty as its stdio and controlling terminal (in a new session),
    /// relayed to the caller's terminal until the process ends: `exec -t`, `system attach`.
    /// The pty comes from the devpts of the container whose process is `containerPid` when it
    /// has one (so `tty` inside names it), else from the host's. Keystrokes go through only
    /// when `interactive`.
    public func runOnTerminal(_ spec: LaunchSpec, interactive: Bool, containerPid: Int32? = nil) throws -> ExitStatus {
        let terminal = try PseudoTerminal.open(forContainerOf: containerPid)
        return try SignalForwarding.runOnTerminal(terminal, interactive: interactive) { slave in
            var spec = spec
            spec.stdio = .fds(stdin: slave, stdout: slave, stderr: slave)
            spec.newSession = true
            spec.controllingTerminal = true
            return try launch(spec)
        }
    }
}

extension SignalForwarding {
    /// Gives `terminal` the caller's window size, has `launch` start the process on its slave
    /// (closed here right after, so the master ends with the container's last holder of it),
    /// then relays it (output also to `copies`, e.g. a log) while passing signals on, and
    /// returns how the process ended. The master is closed at the end.
    public static func runOnTerminal(_ terminal: PseudoTerminal, interactive: Bool, copyingTo copies: [Int32] = [],
                                     launch: (_ slave: Int32) throws -> ContainerProcess) throws -> ExitStatus {
        try relay(master: terminal.master, interactive: interactive, copyingTo: copies) {
            defer { close(terminal.slave) }
            return try launch(terminal.slave)
        }
    }

    /// The same relay for a pty whose slave only the container's process holds (it opened the
    /// pair in its own devpts and sent the master: `ConsoleChannel`): `process` starts or
    /// returns it once signals are being forwarded. The master is closed at the end.
    public static func relay(master: Int32, interactive: Bool, copyingTo copies: [Int32] = [],
                             process: () throws -> ContainerProcess) throws -> ExitStatus {
        defer { close(master) }
        let windowSource: Int32 = isatty(0) == 1 ? 0 : 1
        PseudoTerminal.copyWindowSize(from: windowSource, to: master)
        let attachment = TerminalAttachment(master: master, input: interactive ? 0 : nil, outputs: [1] + copies,
                                            windowSource: windowSource)
        return try blocking(forwarded) { signals throws -> ExitStatus in
            try wait(for: try process(), signals: signals, terminal: attachment)
        }
    }
}
