import Foundation
import Glibc
import NamespaceCore

/// A rootless dockerd of `user`'s own, as the docker.io package starts one: its
/// `dockerd-rootless.sh` run as the user execs rootlesskit (a user namespace with the user's
/// subordinate ids, its own mount namespace with /etc and /run copied up), which runs dockerd.
/// No network plumbing: rootlesskit `--net=host` (no network namespace, no slirp) with port
/// driver none, and dockerd `--bridge=none --iptables=false --ip-masq=false --ip-forward=false
/// --userland-proxy=false` (inside a user namespace it cannot change the host's network
/// anyway); its data root, exec root, socket, pid file and log are in the user's `directory`.
/// The pids of rootlesskit, dockerd and containerd are recorded with their start times under
/// /run/cbench/rootless-docker/NAME (NAME: the directory's name, holding the run's tag), so
/// that `cbench cleanup` ends them after a crash and spares them while the run lives; `stop`
/// ends them by pid and removes the records.
struct RootlessDockerDaemon {
    static let recordsParent = "\(ProjectDirectories.runtime)/rootless-docker"
    static let packagedScript = "/usr/share/docker.io/contrib/dockerd-rootless.sh"

    let user: RootlessUser
    let directory: String
    let client: String

    var socket: String { "\(directory)/docker.sock" }
    var host: String { "unix://\(socket)" }
    var pidFile: String { "\(directory)/docker.pid" }
    var execRoot: String { "\(directory)/exec" }
    var logFile: String { "\(directory)/dockerd.log" }
    var recordDirectory: String { "\(Self.recordsParent)/\((directory as NSString).lastPathComponent)" }

    /// The packaged script: on PATH when a package puts it there, else where docker.io ships it.
    static func script(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        ExecutablePath.find("dockerd-rootless.sh", environment: environment)
            ?? (access(packagedScript, X_OK) == 0 ? packagedScript : nil)
    }

    /// What the user runs: the script's settings (`NAME=VALUE` words `env` takes), the script and dockerd's flags.
    /// TMPDIR is the user's directory: containerd writes its goroutine dumps
    /// (containerd.PID.stacks.log) there when it is stopped, not in the host's /tmp.
    func startArguments(script: String) -> [String] {
        ["TMPDIR=\(directory)", "DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host", "DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none",
         "DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--state-dir=\(directory)/rootlesskit", script,
         "--data-root", "\(directory)/data", "--exec-root", execRoot, "--pidfile", pidFile, "--host", host,
         "--bridge=none", "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--userland-proxy=false"]
    }

    /// A state record `cbench cleanup` reads: the pid and its start time.
    static func record(pid: pid_t, startTime: UInt64) -> String {
        "{\"pid\": \(pid), \"pidStartTime\": \(startTime)}\n"
    }

    /// Starts the daemon and waits until it answers; the step as the evidence shows it and the
    /// pids to stop. Throws, with the last line of its log, when it exits or stays silent, having
    /// ended what it started and removed the records.
    func start(script: String) throws -> (step: RootlessStep, pids: [pid_t]) {
        try FileIO.makeDirectories(recordDirectory, mode: 0o755)
        let arguments = startArguments(script: script)
        let launcher = try Spawn(user.command(arguments, in: directory), stdout: .appending(logFile), stderr: .stdout,
                                 directory: directory, session: .detached).start().pid
        var pids = [launcher]
        do {
            try recordProcess(launcher, as: "rootlesskit")
            let began = MonotonicClock.now()
            let deadline = MonotonicDeadline(seconds: 60)
            while !answers() {
                if let status = ChildProcess.exited(launcher) {
                    throw CoreError(stage: "rootless dockerd start as \(user.name)", detail: "\(status): \(lastLogLine())")
                }
                guard !deadline.hasPassed else {
                    throw CoreError(stage: "rootless dockerd start as \(user.name)", detail: "no answer on \(socket) within 60 s: \(lastLogLine())")
                }
                usleep(100_000)
            }
            let seconds = Double(MonotonicClock.now() - began) / 1e9
            var named = ["rootlesskit \(launcher)"]
            for (name, file) in [("dockerd", pidFile), ("containerd", "\(execRoot)/containerd/containerd.pid")] {
                guard let pid = pid_t(FileIO.contents(file).trimmingWhitespace()), pid > 0 else { continue }
                pids.append(pid)
                try recordProcess(pid, as: name)
                named.append("\(name) \(pid)")
            }
            let output = "dockerd answered on \(host) after \(String(format: "%.1f", seconds)) s; pids: \(named.joined(separator: ", "))"
            return (RootlessStep(command: arguments.joined(separator: " "), status: 0, output: output), pids)
        } catch {
            stop(pids)
            throw error
        }
    }

    private func recordProcess(_ pid: pid_t, as name: String) throws {
        try FileIO.write("\(recordDirectory)/\(name).json", Array(Self.record(pid: pid, startTime: ProcessLiveness.startTime(of: pid) ?? 0).utf8))
    }

    private func answers() -> Bool { DockerDaemon.answers(client: client, host: host) }

    private func lastLogLine() -> String { DockerDaemon.lastLine(ofLog: logFile) ?? "no log" }

    /// Ends dockerd first (it stops containerd), then rootlesskit and whatever is left, each by
    /// its pid (SIGTERM, a grace, SIGKILL), and removes the records.
    func stop(_ pids: [pid_t]) {
        for pid in pids.dropFirst() + pids.prefix(1) {
            ChildProcess.terminate(pid, grace: 20)
        }
        try? FileIO.removeTree(recordDirectory)
        ProjectDirectories.removeIfEmpty([Self.recordsParent])
    }
}
