import Foundation
import Glibc
import Synchronization
import NamespaceCore

/// The dockerd a Docker target talks to. A daemon that already answers (ours from another
/// run, or the system's on /var/run/docker.sock) is used and left alone; otherwise one is
/// started with our layout, waited for until it answers, and stopped by its pid (SIGTERM,
/// wait) in `stopIfStarted`, its directories then removed.
public final class DockerDaemon: Sendable {
    public static let systemSocket = "/var/run/docker.sock"
    /// The Debian client; /usr/local/bin/docker on these hosts is a newer one that shadows it.
    public let client: String
    public let dockerd: String
    public let layout: Layout
    let environment: [String: String]

    struct State {
        var host: String?
        var startedPid: pid_t?
        var cgroupDriver: String?
        /// Directories dockerd and its containerd create outside ours, absent before we started.
        var foreignDirectories: [String] = []
    }
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
            for host in [layout.host, "unix://\(DockerDaemon.systemSocket)"] where answers(host) {
                state.host = host
                state.cgroupDriver = cgroupDriver(host)
                return host
            }
            state.foreignDirectories = ["/run/docker/plugins", "/run/docker", "/run/containerd/s", "/run/containerd"]
                .filter { !FileManager.default.fileExists(atPath: $0) }
            let pid = try start()
            state.startedPid = pid
            do {
                try waitUntilAnswering(pid: pid)
            } catch {
                stop(pid: pid, foreign: state.foreignDirectories)
                state.startedPid = nil
                throw error
            }
            state.host = layout.host
            state.cgroupDriver = cgroupDriver(layout.host)
            return layout.host
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

    /// Stops the daemon if this object started it, and removes its directories.
    public func stopIfStarted() {
        state.withLock { state in
            if let pid = state.startedPid { stop(pid: pid, foreign: state.foreignDirectories) }
            state = State()
        }
    }

    private func answers(_ host: String) -> Bool {
        guard let outcome = try? Spawn(command(host: host, ["version", "--format", "{{.Server.Version}}"])).run() else { return false }
        return outcome.status == 0 && !outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func cgroupDriver(_ host: String) -> String? {
        (try? Spawn(command(host: host, ["info", "--format", "{{.CgroupDriver}}"])).run())
            .map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    private func start() throws -> pid_t {
        for directory in [layout.runDirectory, layout.dataRoot] {
            try FileIO.makeDirectories(directory, mode: 0o755)
        }
        let crun = ExecutablePath.find("crun", environment: environment)
        try FileIO.write(layout.configFile, Array(DockerDaemon.configJSON(crunPath: crun, keyPath: layout.keyFile).utf8))
        // Its own session: a Ctrl-C on the terminal reaches only cbench, which then stops it in order.
        let pid = try Spawn.detached(DockerDaemon.daemonArguments(executable: dockerd, layout: layout), output: .appending(layout.logFile)).start().pid
        // A state record as every component writes: after a crash `cbench cleanup` finds
        // the daemon by pid and start time and ends it.
        let record = "{\"pid\": \(pid), \"pidStartTime\": \(ProcessLiveness.startTime(of: pid) ?? 0)}\n"
        try? FileIO.write("\(layout.runDirectory)/daemon-state.json", Array(record.utf8))
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

    private func lastLogLine() -> String? {
        FileIO.contents(layout.logFile).split(separator: "\n").last.map { String($0.suffix(300)) }
    }

    private func stop(pid: pid_t, foreign: [String]) {
        ChildProcess.terminate(pid, grace: 30)
        ZombieReaper.reapOrphans(named: ["containerd-shim", "containerd"])
        RealTargetSupport.removeOwnedTree(layout.dataRoot)
        RealTargetSupport.removeOwnedTree(layout.runDirectory)
        ProjectDirectories.removeIfEmpty(foreign)
    }
}
