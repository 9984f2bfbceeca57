#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Detached containers under the store's one monitor (`cbench-monitor`, static C, built
/// beside the probe): it listens at RUN/monitor.sock, runs `_launch ID` for each request,
/// adopts the container as a subreaper once the launcher exits, and runs `_finish ID
/// STATUS` when it ends; a restore goes the same way (`_launch ID restore`). The first
/// detached start of a store starts the monitor; it leaves once its last container is
/// finished. A container that publishes ports keeps the full supervisor (`_supervise`),
/// whose threads serve them.
extension AppRuntime {
    var monitorSocket: String { store.runRoot + "/monitor.sock" }
    var monitorLock: String { store.runRoot + "/monitor.lock" }

    /// Starts (or restores, as `bringUp` says) `record` detached; returns once it runs.
    func startDetached(_ record: AppContainerRecord, bringUp: AppBringUp = .launch,
                       monitor: String? = CompanionLocator.monitor.locate()) throws {
        guard let monitor = usableMonitor(for: record, monitor) else {
            try AppSupervisor.spawn(command: supervisorCommand + ["_supervise", record.id, bringUp.word])
            return
        }
        // The monitor finishes a launch whose requester died: a Ctrl-C waits until the answer
        // is in, so whoever interrupted the start finds the container running and removes it,
        // instead of removing it while the launch is still putting it in place.
        var interrupts = sigset_t(), previous = sigset_t()
        sigemptyset(&interrupts)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&interrupts, signal) }
        var blocked = false
        defer { if blocked { pthread_sigmask(SIG_SETMASK, &previous, nil) } }
        var request = try requestLaunch(record, bringUp: bringUp, monitor: monitor) {
            pthread_sigmask(SIG_BLOCK, &interrupts, &previous)
            blocked = true
        }
        defer { close(request.connection) }
        let answer = request.lines.next()
        guard answer.hasPrefix("ok") else { throw AppSupervisor.failure(answer) }
    }

    /// `monitor` when `record` can come up under it; nil when it publishes ports (its
    /// supervisor serves them) or the store's paths do not fit the monitor's request.
    func usableMonitor(for record: AppContainerRecord, _ monitor: String?) -> String? {
        // The request names the store in tab-separated fields, and the socket path must fit.
        let fits = (try? UnixSocket.address(monitorSocket)) != nil
            && !(store.root + store.runRoot).contains(where: { $0 == "\t" || $0 == "\n" })
        guard let monitor, record.config.ports.isEmpty, fits else { return nil }
        return monitor
    }

    /// Sends the store's monitor (started when none runs) the request to bring `record` up as
    /// `bringUp` says; returns the connection once the monitor accepted it, its `ok PID` or
    /// `error MESSAGE` still to come on `lines`. `connected` runs before the request is written.
    func requestLaunch(_ record: AppContainerRecord, bringUp: AppBringUp, monitor: String,
                       connected: () -> Void = {}) throws -> (connection: Int32, lines: LineReader) {
        // Held from connecting until the monitor accepted: it never leaves in between.
        let lock = try lockMonitor()
        // Closing the descriptor releases the lock, whatever happens below.
        defer { close(lock) }
        let connection: Int32
        if let existing = try? UnixSocket.connect(to: monitorSocket) {
            connection = existing
        } else {
            // On its way out it removes its socket, its lock and the run root when empty.
            let leaving = [store.runRoot, ProjectDirectories.runtime]
            try AppSupervisor.spawn(command: [monitor, monitorSocket, monitorLock] + leaving + ["--"] + supervisorCommand,
                                    answer: "ready")
            connection = try UnixSocket.connect(to: monitorSocket)
        }
        connected()
        AppSupervisor.writeLine([bringUp.word, record.id, store.root, store.runRoot].joined(separator: "\t"), to: connection)
        var lines = LineReader(fd: connection)
        let accepted = lines.next()
        guard accepted.hasPrefix("accepted") else {
            close(connection)
            throw AppSupervisor.failure(accepted)
        }
        flock(lock, LOCK_UN)
        return (connection, lines)
    }

    /// The monitor's lock, held. A monitor on its way out removes the lock file while holding
    /// it; a starter that was waiting then holds a removed file, so it opens the path again.
    private func lockMonitor() throws(CoreError) -> Int32 {
        while true {
            try FileIO.makeDirectories(store.runRoot)
            let lock = try FileIO.lockExclusive(monitorLock, stage: "monitor lock")
            var held = stat(), named = stat()
            if fstat(lock, &held) == 0, stat(monitorLock, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                return lock
            }
            close(lock)
        }
    }

    /// The hidden `_launch ID [launch|restore...]`: starts (or restores) the container with
    /// stdio on /dev/null and the log, its run state naming the parent (the monitor) as its
    /// supervisor, then answers `ok PID` (or `error MESSAGE`) on `reportFD` and returns
    /// without waiting. A restored tree is this process's child (CRIU's restore-sibling),
    /// so it comes back to the monitor, a subreaper, as a launched one does.
    public func launchForMonitor(_ id: String, bringUp: AppBringUp = .launch, reportFD: Int32) -> Int32 {
        do {
            let record = try store.loadRecord(of: id)
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let log = open(store.logPath(of: id), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            defer {
                if null >= 0 { close(null) }
                if log >= 0 { close(log) }
            }
            guard null >= 0, log >= 0 else { throw CoreError.fromErrno("open \(store.logPath(of: id))") }
            let live: LiveAppContainer
            // A restore prepared before its images came (a move's destination) waits for its `go`.
            if case .restore = bringUp, let requester = try? UnixSocket.connect(to: AppPreparedLaunch.socketPath(store: store, id: id)) {
                defer { close(requester) }
                live = try restoreWhenTold(record, bringUp, stdio: (null, log, log), over: requester, supervisor: getppid())
            } else {
                live = try bring(record, bringUp, stdio: .fds(stdin: null, stdout: log, stderr: log), supervisor: getppid())
            }
            AppSupervisor.report("ok \(live.process.pid)", on: reportFD)
            return 0
        } catch {
            AppSupervisor.report("error \(error)", on: reportFD)
            return 125
        }
    }

    /// The hidden `_finish ID STATUS` the monitor runs once the container ended: the exit
    /// (a wait status) is recorded, the cgroup, links and run state go, and with `--rm` the
    /// container too.
    public func finishForMonitor(_ id: String, waitStatus: Int32) {
        guard let record = try? store.loadRecord(of: id) else { return }
        let runState = store.loadRunState(of: id)
        let cgroup = runState.flatMap { try? Cgroup.open(path: $0.cgroupPath) }
        finish(record, cgroup: cgroup, hostLinks: runState?.hostLinks ?? [], status: ExitStatus(waitStatus: waitStatus))
    }
}

/// Lines from a descriptor, one at a time: the monitor may send two in one write.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next line with its newline, or what is left when the peer closes.
    mutating func next() -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !buffer.contains(0x0a) {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer += chunk[0..<count]
        }
        let end = buffer.firstIndex(of: 0x0a).map { $0 + 1 } ?? buffer.count
        defer { buffer.removeFirst(end) }
        return String(decoding: buffer[0..<end], as: UTF8.self)
    }
}
