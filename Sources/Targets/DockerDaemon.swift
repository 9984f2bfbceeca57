import Foundation
import Glibc
import Synchronization
import JSONRecords
import NamespaceCore

/// The dockerd a Docker target talks to, shared by every cbench run on the host and
/// reference-counted: each run that uses ours registers as a `docker` owner (`LiveOwners`)
/// under a lock, starts the daemon when none answers, and on `release` the last live user
/// stops it by its recorded pid (SIGTERM, wait) and removes its directories, whichever run
/// started it. The system's own daemon on /var/run/docker.sock is used and never stopped.
public final class DockerDaemon: Sendable {
    public static let systemSocket = "/var/run/docker.sock"
    public static let systemPidFile = "/var/run/docker.pid"
    /// The cgroup2 directory our dockerd runs in, with containerd and every shim they fork,
    /// so their work can be counted (perf's cgroup mode) and told apart from the host's.
    public static let cgroupPath = "\(CgroupPaths.projectParent)/dockerd"
    /// The Debian client; /usr/local/bin/docker on these hosts is a newer one that shadows it.
    public let client: String
    public let dockerd: String
    public let layout: Layout
    let environment: [String: String]

    struct State {
        var host: String?
        var startedPid: pid_t?
        var cgroupDriver: String?
        var registration: LiveOwners.Registration?
    }

    /// What the starter records for whoever stops the daemon: its pid and start time (also
    /// what `cbench cleanup` reads after a crash) and the directories dockerd and its
    /// containerd made outside ours, absent before it started.
    struct DaemonRecord: Codable {
        var pid: Int32
        var pidStartTime: UInt64
        var foreignDirectories: [String]
    }

    /// Serialises starting, joining and stopping the shared daemon between runs. Outside
    /// /run/cbench, so it is never a leftover.
    static let usersLock = "/run/lock/cbench-docker.lock"
    private let state = Mutex(State())

    public init(client: String = "/usr/bin/docker", dockerd: String = "dockerd", layout: Layout = Layout(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.client = client
        self.dockerd = dockerd
        self.layout = layout
        self.environment = environment
    }

    /// The `-H` of the daemon in use, starting ours when none answers.
    public func ensureRunning() throws -> String {
        try state.withLock { state -> String in
            if let host = state.host { return host }
            return try DockerDaemon.withUsersLock { () throws -> String in
                if state.registration == nil {
                    state.registration = try LiveOwners.register(role: "docker", tags: [layout.runDirectory, layout.dataRoot])
                }
                for host in [layout.host, "unix://\(DockerDaemon.systemSocket)"] where answers(host) {
                    state.host = host
                    state.cgroupDriver = cgroupDriver(host)
                    return host
                }
                let foreign = ["/run/docker/plugins", "/run/docker", "/run/containerd/s", "/run/containerd"]
                    .filter { !FileManager.default.fileExists(atPath: $0) }
                let pid = try start(foreign: foreign)
                state.startedPid = pid
                do {
                    try waitUntilAnswering(pid: pid)
                    enterCgroup(children: pid)
                } catch {
                    stop(pid: pid, foreign: foreign)
                    state.startedPid = nil
                    throw error
                }
                state.host = layout.host
                state.cgroupDriver = cgroupDriver(layout.host)
                return layout.host
            }
        }
    }

    /// Whether containers may get a cgroupfs `--cgroup-parent` (a systemd-driven daemon
    /// wants a slice name instead).
    public var usesCgroupfs: Bool { state.withLock { $0.cgroupDriver == "cgroupfs" } }
    public var startedByUs: Bool { state.withLock { $0.startedPid != nil } }
    public var host: String? { state.withLock { $0.host } }

    /// `docker -H <host> …` with the Debian client.
    public func command(host: String, _ arguments: [String]) -> [String] {
        [client, "-H", host] + arguments
    }

    /// Ends this run's use of the daemon; the last live user stops ours and removes its
    /// directories, another run's daemon included.
    public func release() {
        state.withLock { state in
            guard let registration = state.registration else { return }
            DockerDaemon.withUsersLock {
                registration.release()
                let others = LiveOwners.live().filter { $0.role == "docker" }
                if others.isEmpty, let record = recordedDaemon(),
                   ProcessLiveness.isAlive(pid: record.pid, startTime: record.pidStartTime) {
                    stop(pid: record.pid, foreign: record.foreignDirectories)
                }
            }
            state = State()
        }
    }

    static func withUsersLock<Value>(_ body: () throws -> Value) rethrows -> Value {
        let fd = open(usersLock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 {
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if fd >= 0 { close(fd) } }
        return try body()
    }

    var recordFile: String { "\(layout.runDirectory)/daemon-state.json" }

    func recordedDaemon() -> DaemonRecord? {
        (try? JSONRecord.readIfPresent(DaemonRecord.self, from: recordFile)) ?? nil
    }

    private func answers(_ host: String) -> Bool { Self.answers(client: client, host: host) }

    /// Whether a dockerd answers on `host` (`client -H host version` names its version).
    static func answers(client: String, host: String) -> Bool {
        guard let outcome = try? Spawn([client, "-H", host, "version", "--format", "{{.Server.Version}}"]).run() else { return false }
        return outcome.status == 0 && !outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func cgroupDriver(_ host: String) -> String? {
        (try? Spawn(command(host: host, ["info", "--format", "{{.CgroupDriver}}"])).run())
            .map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Where dockerd, containerd and the shims run, for counting: our daemon's own cgroup;
    /// the system daemon's cgroup when it has one of its own; nil, with the reason, when
    /// there is none to count by.
    public func helperCgroup() -> (directory: String?, reason: String?) {
        guard let host = try? CgroupHost.current(), host.layout.unified != nil else {
            return (nil, "the host has no cgroup2 tree to count dockerd by")
        }
        // Ours, started by this run or by another that shares it.
        if startedByUs || self.host == layout.host { return (host.unifiedDirectory(Self.cgroupPath), nil) }
        let text = FileIO.contents(Self.systemPidFile).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), let path = host.unifiedPath(ofProcess: pid) else {
            return (nil, "the system's dockerd was not found (\(Self.systemPidFile))")
        }
        guard path != "/" else { return (nil, "the system's dockerd runs in the root cgroup, shared with everything else") }
        return (host.unifiedDirectory(path), nil)
    }

    /// Moves dockerd into our cgroup at once (before it starts containerd, which follows
    /// it there), and, once it answers, any child it started before the move.
    private func enterCgroup(daemon pid: pid_t) {
        guard let host = try? CgroupHost.current(), host.layout.unified != nil,
              (try? host.makeUnifiedDirectory(Self.cgroupPath)) != nil else { return }
        try? host.moveToUnified(pid, path: Self.cgroupPath)
    }

    private func enterCgroup(children daemon: pid_t) {
        guard let host = try? CgroupHost.current(), let directory = host.unifiedDirectory(Self.cgroupPath),
              FileManager.default.fileExists(atPath: directory) else { return }
        for entry in (try? FileIO.names(in: "/proc")) ?? [] {
            guard let pid = Int32(entry), HostProcessStat.read(pid: pid)?.parentPid == daemon,
                  host.unifiedPath(ofProcess: pid) != "/" + Self.cgroupPath else { continue }
            try? host.moveToUnified(pid, path: Self.cgroupPath)
        }
    }

    private func start(foreign: [String]) throws -> pid_t {
        for directory in [layout.runDirectory, layout.dataRoot, layout.temporaryDirectory] {
            try FileIO.makeDirectories(directory, mode: 0o755)
        }
        let crun = ExecutablePath.find("crun", environment: environment)
        // dockerd needs an absolute path; a cbench-oci found only by name on PATH is resolved.
        let cbenchOCI = ExecutablePath.find(TargetCatalog.cbenchOCIExecutable(environment: environment), environment: environment)
            .map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        try FileIO.write(layout.configFile, Array(DockerDaemon.configJSON(crunPath: crun, cbenchOCIPath: cbenchOCI,
                                                                          keyPath: layout.keyFile).utf8))
        // Its own session: a Ctrl-C on the terminal reaches only cbench, which then stops it in order.
        var daemon = Spawn.detached(DockerDaemon.daemonArguments(executable: dockerd, layout: layout), output: .appending(layout.logFile))
        // dockerd, containerd and the shims keep their scratch (a checkpoint's ctrd-checkpoint*
        // directory, left behind after every restore) in the run directory, removed with it.
        daemon.environment["TMPDIR"] = layout.temporaryDirectory
        let pid = try daemon.start().pid
        enterCgroup(daemon: pid)
        // A state record as every component writes: after a crash `cbench cleanup` finds
        // the daemon by pid and start time and ends it; the last user of the daemon stops it.
        let record = DaemonRecord(pid: pid, pidStartTime: ProcessLiveness.startTime(of: pid) ?? 0, foreignDirectories: foreign)
        try? JSONRecord.write(record, to: recordFile)
        return pid
    }

    private func waitUntilAnswering(pid: pid_t) throws {
        let deadline = MonotonicClock.now() + 60_000_000_000
        while MonotonicClock.now() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw CoreError(stage: "start dockerd", detail: "it exited: \(lastLogLine() ?? "no log")")
            }
            if answers(layout.host) { return }
            usleep(100_000)
        }
        throw CoreError(stage: "start dockerd", detail: "no answer on \(layout.socket) within 60 s: \(lastLogLine() ?? "no log")")
    }

    private func lastLogLine() -> String? { Self.lastLine(ofLog: layout.logFile) }

    /// The last line of a daemon's log, at most 300 characters.
    static func lastLine(ofLog file: String) -> String? {
        FileIO.contents(file).split(separator: "\n").last.map { String($0.suffix(300)) }
    }

    private func stop(pid: pid_t, foreign: [String]) {
        ChildProcess.terminate(pid, grace: 30)
        ZombieReaper.reapOrphans(named: ["containerd-shim", "containerd"])
        Cgroup.removeAbandoned(path: Self.cgroupPath)
        RealTargetSupport.removeOwnedTree(layout.dataRoot)
        RealTargetSupport.removeOwnedTree(layout.runDirectory)
        // The run directory's parent (/run/cbench) goes too when this daemon was the last in it.
        ProjectDirectories.removeIfEmpty(foreign + [layout.runDirectory])
    }
}
