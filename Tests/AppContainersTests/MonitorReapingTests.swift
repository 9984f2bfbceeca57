#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation
import Testing
@testable import AppContainers
import NamespaceCore

/// The real `cbench-monitor`, without root: its COMMAND is a shell script that plays the
/// launcher (starts a "container" process, answers `ok PID`, exits) and the finish (records
/// `ID STATUS`). What a container's end looks like to the monitor is what matters here: many
/// at the same moment (their SIGCHLDs merge), one that ended before its launcher's answer was
/// read, and a descendant orphaned to the monitor that no pidfd watches.
@Suite(.serialized, .enabled(if: CompanionLocator.monitor.locate() != nil, "needs cbench-monitor (make probe)"))
struct MonitorReapingTests {
    /// `_launch ID VERB`: a container by the ID's prefix, its pid kept in pids/ID; `_finish ID STATUS`.
    /// The answer comes from an exec'd echo, with no fork after the container's: dash reaps any
    /// child that has ended when it waits for a command or exits, so a container killed right
    /// after `ok` was reaped by this stand-in launcher and never reached the monitor (2 of 5
    /// runs under load, 2026-12-05 ftrace). The real launcher waits for its own pids only.
    static let command = """
        #!/bin/sh
        set -e
        case "$1" in
        _launch)
          case "$2" in
            early-*) sh -c '(sleep 0.1; exit 3) & echo $! > "$CBENCH_APP_ROOT/pids/'"$2"'"'
                     sleep 0.5 ;;
            crowded-*) sh -c 'for i in $(seq 100); do (sleep 0.2; exit 0) & done
                              (sleep 0.1; exit 3) & echo $! > "$CBENCH_APP_ROOT/pids/'"$2"'"'
                       sleep 1.6 ;;
            exits7-*) (sleep 0.3; exit 7) & echo $! > "$CBENCH_APP_ROOT/pids/$2" ;;
            parent-*) sh -c '(sleep 1; exit 0) & echo $! > "$CBENCH_APP_ROOT/orphan.new"
                            mv "$CBENCH_APP_ROOT/orphan.new" "$CBENCH_APP_ROOT/orphan"; exec sleep 1000' &
                      echo $! > "$CBENCH_APP_ROOT/pids/$2"
                      while [ ! -s "$CBENCH_APP_ROOT/orphan" ]; do sleep 0.01; done ;;
            *) sleep 1000 & echo $! > "$CBENCH_APP_ROOT/pids/$2" ;;
          esac
          read -r pid < "$CBENCH_APP_ROOT/pids/$2"
          exec echo "ok $pid" >&3 ;;
        _finish) echo "$2 $3" >> "$CBENCH_APP_ROOT/finished" ;;
        esac
        """

    @Test func containersEndingAtOnceAreEachFinishedWithTheirOwnWaitStatus() throws {
        let monitor = try RunningMonitor()
        defer { monitor.stop() }
        let idle = (1...64).map { "idle-\($0)" }
        for id in idle + ["exits7-1", "early-1"] { try monitor.launch(id) }
        // One kill per container, back to back: most of their SIGCHLDs merge into few.
        for id in idle { kill(try monitor.pid(of: id), SIGKILL) }
        let finished = try monitor.waitForFinished(count: idle.count + 2)
        #expect(finished.count == idle.count + 2)
        for id in idle { #expect(finished[id] == "\(SIGKILL)", "\(id)") }
        #expect(finished["exits7-1"] == "\(7 << 8)")
        #expect(finished["early-1"] == "\(3 << 8)", "ended before its launcher answered")
        #expect(monitor.leavesOnceIdle(), "no container left: the monitor leaves")
    }

    /// 100 orphans of the launcher end with the container before the answer names it, and the
    /// sweep (1 s after their SIGCHLD, before the answer at 1.6 s) reaps them all first: the
    /// container's exit must still be kept for the answer (a list of 64 lost it).
    @Test func anEarlyExitBehindManyReapedOrphansIsStillFinished() throws {
        let monitor = try RunningMonitor()
        defer { monitor.stop() }
        try monitor.launch("crowded-1")
        let finished = try monitor.waitForFinished(count: 1)
        #expect(finished["crowded-1"] == "\(3 << 8)", "ended before its launcher answered, behind 100 orphans")
        try monitor.launch("exits7-1")
        #expect(try monitor.waitForFinished(count: 2)["exits7-1"] == "\(7 << 8)")
        #expect(monitor.leavesOnceIdle())
    }

    @Test func aDescendantOrphanedToTheMonitorIsReapedThoughNoPidfdWatchesIt() throws {
        let monitor = try RunningMonitor()
        defer { monitor.stop() }
        try monitor.launch("keeper-1")
        try monitor.launch("parent-1")
        // The container's shell dies; its child, still sleeping, comes to the monitor.
        kill(try monitor.pid(of: "parent-1"), SIGKILL)
        _ = try monitor.waitForFinished(count: 1)
        let orphan = try monitor.readPid("orphan")
        #expect(monitor.waitUntilGone(orphan), "the orphan \(orphan) is reaped, not left a zombie")
        kill(try monitor.pid(of: "keeper-1"), SIGKILL)
        #expect(try monitor.waitForFinished(count: 2)["keeper-1"] == "\(SIGKILL)")
        #expect(monitor.leavesOnceIdle())
    }

    /// CRIU kills a dumped tree while it has it seized and reaps it afterwards: the container's
    /// pidfd says it ended while the monitor cannot reap it yet. Its release (a SIGCHLD to the
    /// monitor) must finish it; the sweep, which would find it too, is put off by a minute here.
    @Test func aContainerEndingWhileTracedIsFinishedWhenItsTracerLetsGo() throws {
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + ["CBENCH_MONITOR_SWEEP_DELAY_MS=60000"]
        let monitor = try RunningMonitor(environment: environment)
        defer { monitor.stop() }
        try monitor.launch("traced-1")
        let container = try monitor.pid(of: "traced-1")
        guard cshim_ptrace_seize(container) == 0 else { throw CoreError(stage: "ptrace seize \(container)", errno: errno) }
        kill(container, SIGKILL)
        // As its tracer, see it end without reaping it; meanwhile the monitor's pidfd fires and
        // its waitpid finds nothing it may reap.
        let allChildren: Int32 = 0x4000_0000 // __WALL
        var code: Int32 = 0, status: Int32 = 0
        guard cshim_waitid_pid(container, WEXITED | WNOWAIT | allChildren, &code, &status) == 0 else {
            throw CoreError(stage: "waitid \(container) as its tracer", errno: errno)
        }
        usleep(300_000)
        // Reaped by its tracer, it goes to its real parent, the monitor, with a SIGCHLD.
        var ignored: Int32 = 0
        _ = waitpid(container, &ignored, allChildren)
        #expect(try monitor.waitForFinished(count: 1)["traced-1"] == "\(SIGKILL)", "finished on its release, not by the sweep a minute later")
        #expect(monitor.leavesOnceIdle())
    }
}

/// One monitor in a scratch directory, its lock held by the test until `leavesOnceIdle`.
/// Started with posix_spawn rather than Foundation's Process: two of five full unit runs had
/// failures not pinned down (this monitor gone mid-test; the test process's working directory
/// gone), and this keeps the test to plain system calls.
final class RunningMonitor {
    let directory: String
    var pid: pid_t = 0
    /// The wait status once reaped.
    var ended: Int32?
    let lock: Int32
    var socket: String { directory + "/m.sock" }

    /// `command`: the shell script that stands in for `cbench` (`_launch`, `_finish`);
    /// `environment` (`NAME=VALUE`): the monitor's own, this process's when nil.
    init(command: String = MonitorReapingTests.command, environment: [String]? = nil) throws {
        directory = NSTemporaryDirectory() + "monitor-reaping-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory + "/pids", withIntermediateDirectories: true)
        let script = directory + "/command"
        // Close-on-exec: another test's monitor spawned while this file is open for writing
        // would keep it open, and this monitor's exec of it would fail (ETXTBSY, seen in runs).
        try FileIO.write(script, Array(command.utf8), mode: 0o755)
        lock = open(directory + "/m.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX) == 0, let monitor = CompanionLocator.monitor.locate() else {
            throw CoreError(stage: "monitor test set-up", errno: errno)
        }
        let arguments = [monitor, socket, directory + "/m.lock", "--", script]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var variables = (environment ?? []).map { strdup($0) } + [nil]
        defer { variables.forEach { free($0) } }
        let rc = environment == nil ? posix_spawn(&pid, monitor, nil, nil, &argv, environ)
            : posix_spawn(&pid, monitor, nil, nil, &argv, &variables)
        guard rc == 0 else { throw CoreError(stage: "monitor test spawn", errno: rc) }
        waitUntilListening()
    }

    /// Waits (at most 5 s) until a connection is accepted: the socket's file exists from the
    /// monitor's bind, before its listen, and a connect in between is refused (seen under load).
    /// cbench itself waits for the monitor's `ready`, which this test's spawn has no pipe for.
    private func waitUntilListening() {
        for _ in 0..<500 {
            if let probe = try? UnixSocket.connect(to: socket) {
                close(probe)
                return
            }
            usleep(10_000)
        }
    }

    /// `launch ID` through the socket; returns once the monitor passed on the launcher's `ok`.
    func launch(_ id: String) throws {
        let connection: Int32
        do { connection = try UnixSocket.connect(to: socket) } catch {
            throw CoreError(stage: "monitor launch \(id)", errno: error.errno, detail: "\(error); " + monitorState)
        }
        defer { close(connection) }
        AppSupervisor.writeLine(["launch", id, directory, directory].joined(separator: "\t"), to: connection)
        var lines = LineReader(fd: connection)
        let accepted = lines.next(), answer = lines.next()
        guard accepted.hasPrefix("accepted"), answer.hasPrefix("ok") else {
            throw CoreError(stage: "monitor launch \(id)", errno: 0, detail: accepted + answer)
        }
    }

    /// Whether the monitor still runs, or how it ended (a failed connect says which).
    var monitorState: String {
        isRunning ? "the monitor \(pid) runs" : "the monitor \(pid) ended: wait status \(ended ?? -1)"
    }

    var isRunning: Bool {
        guard ended == nil else { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { ended = status } else if reaped < 0 { ended = -1 }
        return ended == nil
    }

    func pid(of id: String) throws -> pid_t { try readPid("pids/" + id) }

    func readPid(_ name: String) throws -> pid_t {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "monitor test pid \(name)", errno: 0, detail: text)
        }
        return pid
    }

    /// ID → wait status of each finish recorded, once there are `count` (or after 30 s).
    func waitForFinished(count: Int) throws -> [String: String] {
        var finished: [String: String] = [:]
        for _ in 0..<3000 {
            let text = (try? String(contentsOfFile: directory + "/finished", encoding: .utf8)) ?? ""
            finished = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2 { finished[String(fields[0])] = String(fields[1]) }
            }
            if finished.count >= count { break }
            usleep(10_000)
        }
        return finished
    }

    /// Whether `pid` is gone from the process table (reaped) within 30 s.
    func waitUntilGone(_ pid: pid_t) -> Bool {
        for _ in 0..<3000 {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            usleep(10_000)
        }
        return false
    }

    /// Releases the lock and waits (at most 30 s) for the monitor to leave by itself.
    func leavesOnceIdle() -> Bool {
        flock(lock, LOCK_UN)
        for _ in 0..<3000 where isRunning { usleep(10_000) }
        return !isRunning && ended == 0
    }

    /// Whatever the test left: every recorded process killed, the monitor gone (killed after
    /// 10 s), the directory removed.
    func stop() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/pids")) ?? []).map { "pids/" + $0 }
        for name in names + ["orphan"] {
            if let pid = try? readPid(name) { kill(pid, SIGKILL) }
        }
        close(lock)
        for _ in 0..<1000 where isRunning { usleep(10_000) }
        if isRunning {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
