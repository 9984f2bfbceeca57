import Glibc
import NamespaceCore

/// How `exec` runs its process, as runc's flags say.
public struct ExecOptions: Sendable {
    /// Return once the process runs (its exit is the caller's parent's to collect).
    public var detach = false
    public var pidFile: String?
    /// With `process.terminal`: where the master of its pty goes.
    public var consoleSocket: String?
    /// Exec even into a frozen container (the process waits until `resume`).
    public var ignorePaused = false
    public init(detach: Bool = false, pidFile: String? = nil, consoleSocket: String? = nil, ignorePaused: Bool = false) {
        self.detach = detach
        self.pidFile = pidFile
        self.consoleSocket = consoleSocket
        self.ignorePaused = ignorePaused
    }
}

extension BundleRuntime {
    /// Runs `process` in a created or running container: its namespaces and cgroup, through the
    /// same sealed, non-dumpable start as `create` (CShim), so nothing in the container can
    /// reach the runtime's binary. Returns the shell exit code, or nil with `detach`.
    public func exec(id: String, process: RuntimeSpec.Process, options: ExecOptions) throws -> Int32? {
        let record = try store.load(id: id)
        switch status(of: record) {
        case .stopped: throw CoreError(stage: "exec \(id)", detail: "cannot exec in a stopped container")
        case .paused where !options.ignorePaused:
            throw CoreError(stage: "exec \(id)", detail: "cannot exec in a paused container (resume it, or use --ignore-paused)")
        default: break
        }
        let config = try RuntimeSpec.load(bundle: record.bundle)
        var launch = try config.execLaunchSpec(process, initPid: record.pid, detach: options.detach)
        launch.cgroupPlacement = try Cgroup.open(path: record.cgroupPath).placement
        let terminal = process.terminal == true
        if terminal && options.consoleSocket == nil && !options.detach {
            return try execOnTerminal(launch, record: record, pidFile: options.pidFile)
        }
        guard terminal == (options.consoleSocket != nil) else { throw ConsoleSocket.mismatch(stage: "exec \(id)", terminal: terminal) }
        var console: PseudoTerminal?
        defer { console?.closeBoth() }
        if terminal {
            let pty = try PseudoTerminal.open(forContainerOf: record.pid)
            console = pty
            launch.stdio = .fds(stdin: pty.slave, stdout: pty.slave, stderr: pty.slave)
        }
        let child = try Launcher().launch(launch)
        do {
            if let console, let socket = options.consoleSocket {
                try ConsoleSocket.send(master: console.master, name: console.slavePath, to: socket)
            }
            if let pidFile = options.pidFile { try FileIO.write(pidFile, Array("\(child.pid)".utf8)) }
        } catch {
            try? child.signal(SIGKILL)
            _ = try? child.wait()
            throw error
        }
        if options.detach { return nil }
        console?.closeBoth()
        console = nil
        return try SignalForwarding.blocking(SignalForwarding.forwarded) { signals in
            try SignalForwarding.wait(for: child, signals: signals)
        }.shellExitCode
    }

    /// `exec -t` without a console socket: the pty is relayed to the caller's terminal.
    private func execOnTerminal(_ launch: LaunchSpec, record: ContainerRecord, pidFile: String?) throws -> Int32 {
        try SignalForwarding.runOnTerminal(try PseudoTerminal.open(forContainerOf: record.pid), interactive: true) { slave in
            var launch = launch
            launch.stdio = .fds(stdin: slave, stdout: slave, stderr: slave)
            let child = try Launcher().launch(launch)
            if let pidFile { try FileIO.write(pidFile, Array("\(child.pid)".utf8)) }
            return child
        }.shellExitCode
    }
}
