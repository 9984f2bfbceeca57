#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// `run`: create and start. In the foreground this process supervises the container,
    /// passes SIGINT/SIGTERM/SIGHUP/SIGQUIT on to it and returns its exit; detached (`-d`) a
    /// supervisor process takes over and this returns once the container runs. A failed
    /// start removes the container again.
    public func run(_ config: AppContainerConfig) throws -> (record: AppContainerRecord, status: ExitStatus?) {
        let record = try create(config)
        do {
            let status = try start(record, attach: !config.detach)
            return (record, status)
        } catch {
            try? remove(record.id, force: true)
            throw error
        }
    }

    /// `start ID`: attached, supervised here until it exits (its exit returned); else under a
    /// detached supervisor (nil returned once it runs). A container a killed move left held
    /// (frozen, links down: `AppRuntime+MigrationHold`) runs on instead.
    @discardableResult
    public func start(_ reference: String, attach: Bool) throws -> ExitStatus? {
        let record = try store.loadRecord(of: try store.resolve(reference))
        if isHeldForMigration(record.id), store.loadRunState(of: record.id)?.isAlive == true {
            try releaseMigrationHold(record.id)
            return nil
        }
        return try start(record, attach: attach)
    }

    func start(_ record: AppContainerRecord, attach: Bool) throws -> ExitStatus? {
        guard attach else {
            try startDetached(record)
            return nil
        }
        return try runAttached(record)
    }

    /// The foreground path. With `--rm` the output goes straight to the caller (nothing keeps
    /// the log); otherwise it is copied to the caller and to the container's log. A signal of
    /// `stoppingSignals` kills the container; once it is finished, `AppRunStopped` is thrown
    /// (and `run` removes it).
    func runAttached(_ record: AppContainerRecord) throws -> ExitStatus {
        if record.config.allocatesTerminal { return try runOnTerminal(record) }
        let interactive = record.config.interactive
        var stopSignal: Int32?
        if record.config.autoRemove {
            return try SignalForwarding.blocking(SignalForwarding.forwarded) { signals throws -> ExitStatus in
                let live = try launch(record, stdio: .inherit(interactive: interactive))
                let status = try SignalForwarding.wait(for: live.process, signals: signals, copying: [], stopping: stoppingSignals) {
                    stopSignal = $0
                }
                finish(live, status: status)
                if let stopSignal { throw AppRunStopped(signal: stopSignal) }
                return status
            }
        }
        let log = open(store.logPath(of: record.id), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw CoreError.fromErrno("open \(store.logPath(of: record.id))") }
        defer { close(log) }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard AppPipe.make(&outPipe) == 0 else { throw CoreError.fromErrno("pipe") }
        guard AppPipe.make(&errPipe) == 0 else {
            outPipe.forEach { close($0) }
            throw CoreError.fromErrno("pipe")
        }
        let input = interactive ? fcntl(0, F_DUPFD_CLOEXEC, 3) : open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            (outPipe + errPipe).forEach { close($0) }
            throw CoreError.fromErrno("open stdin")
        }
        defer { [outPipe[0], errPipe[0]].forEach { close($0) } }
        return try SignalForwarding.blocking(SignalForwarding.forwarded) { signals throws -> ExitStatus in
            let live: LiveAppContainer
            do {
                defer { [outPipe[1], errPipe[1], input].forEach { close($0) } }
                live = try launch(record, stdio: .fds(stdin: input, stdout: outPipe[1], stderr: errPipe[1]))
            }
            let copies = [OutputCopy(source: outPipe[0], targets: [1, log]), OutputCopy(source: errPipe[0], targets: [2, log])]
            let status = try SignalForwarding.wait(for: live.process, signals: signals, copying: copies, stopping: stoppingSignals) {
                stopSignal = $0
            }
            finish(live, status: status)
            if let stopSignal { throw AppRunStopped(signal: stopSignal) }
            return status
        }
    }

    /// `-t` in the foreground: the container's stdio is a pty whose master this process
    /// relays to the caller's terminal (keystrokes too with `-i`), and to the log unless `--rm`.
    func runOnTerminal(_ record: AppContainerRecord) throws -> ExitStatus {
        var log: Int32 = -1
        if !record.config.autoRemove {
            log = open(store.logPath(of: record.id), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard log >= 0 else { throw CoreError.fromErrno("open \(store.logPath(of: record.id))") }
        }
        defer { if log >= 0 { close(log) } }
        var live: LiveAppContainer?
        let terminal = try PseudoTerminal.open()
        let status = try SignalForwarding.runOnTerminal(terminal, interactive: record.config.interactive,
                                                        copyingTo: log >= 0 ? [log] : []) { slave in
            let started = try launch(record, stdio: .terminal(slave: slave, path: terminal.slavePath))
            live = started
            return started.process
        }
        if let live { finish(live, status: status) }
        return status
    }

    /// The hidden `_supervise ID [launch|restore...]`, the full supervisor of a container
    /// that publishes ports (its threads serve them): launches or restores with stdio on
    /// /dev/null and the log (or on a pty copied to the log, with `-t`), reports `ok` (or the
    /// error) on descriptor `reportFD`, then waits, passing SIGTERM/SIGINT/SIGHUP on, and
    /// records the end.
    public func supervise(_ id: String, bringUp: AppBringUp = .launch, reportFD: Int32) -> Int32 {
        func report(_ text: String) { AppSupervisor.report(text, on: reportFD) }
        do {
            let record = try store.loadRecord(of: id)
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let log = open(store.logPath(of: id), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard null >= 0, log >= 0 else { throw CoreError.fromErrno("open \(store.logPath(of: id))") }
            let terminal = record.config.allocatesTerminal ? try PseudoTerminal.open() : nil
            defer { if let terminal { close(terminal.master) } }
            let status = try SignalForwarding.blocking([SIGTERM, SIGINT, SIGHUP]) { signals throws -> ExitStatus in
                let live: LiveAppContainer
                do {
                    defer {
                        close(null)
                        if let terminal { close(terminal.slave) } else { close(log) }
                    }
                    live = try bring(record, bringUp, stdio: terminal.map { .terminal(slave: $0.slave, path: $0.slavePath) }
                                     ?? .fds(stdin: null, stdout: log, stderr: log))
                }
                report("ok")
                let status: ExitStatus
                if let terminal {
                    defer { close(log) }
                    status = try SignalForwarding.wait(for: live.process, signals: signals, terminal: TerminalAttachment(
                        master: terminal.master, input: nil, outputs: [log], windowSource: terminal.master))
                } else {
                    status = try SignalForwarding.wait(for: live.process, signals: signals, copying: [])
                }
                finish(live, status: status)
                return status
            }
            return status.exitCodeForShell
        } catch {
            report("error \(error)")
            return 125
        }
    }
}
