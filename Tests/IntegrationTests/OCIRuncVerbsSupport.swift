import Foundation
import Glibc
import NamespaceCore

/// What the runc-verb tests need beside `OCITestHarness`: a running container, the host's own
/// view of a process's cgroup files, and bounded waits for children that came back to the test
/// process (a subreaper).
extension OCITestHarness {
    /// `run --detach` of `bundle` as `id`; the container init's host pid.
    func runDetached(_ id: String, bundle: String) throws -> Int32 {
        let started = try oci(["run", "--detach", "--bundle", bundle, id])
        guard started.status == 0 else { throw CoreError(stage: "run --detach \(id)", detail: started.stderr.firstLine()) }
        let pid = try state(id)["pid"] as? Int ?? 0
        guard pid > 0 else { throw CoreError(stage: "state \(id)", detail: "no pid for a running container") }
        return Int32(pid)
    }

    /// A running `sleep 600` container `id` with `sleep 500` exec'd beside its init (`exec
    /// --detach --pid-file`); both host pids. A failed exec removes the container.
    func runWithExecdSleep(_ id: String) throws -> (initPid: Int32, execPid: Int32) {
        let initPid = try runDetached(id, bundle: try bundle("b", args: ["sleep", "600"]))
        let pidFile = workDir + "/exec.pid"
        let exec = try oci(["exec", "--detach", "--pid-file", pidFile, id, "sleep", "500"])
        guard exec.status == 0, let execPid = Int32(FileIO.contents(pidFile)) else {
            removeForcibly(id, reaping: [initPid])
            throw CoreError(stage: "exec --detach \(id)", detail: "status \(exec.status): \(exec.stderr.firstLine())")
        }
        return (initPid, execPid)
    }

    /// `delete --force` of `id` while reaping `pids` (its init, exec'd processes): for the
    /// tests' defer, so a failed expectation leaves nothing running. A pid of 0 (not known
    /// yet) is skipped: waitpid(0) means any child.
    func removeForcibly(_ id: String, reaping pids: [Int32]) {
        _ = runReaping([binary, "--root", stateRoot, "delete", "--force", id], pids: pids)
    }

    /// Runs `arguments` (a forced delete, cbench-oci's or runc's) while reaping `pids`, the
    /// container's processes that came back to the test process. The kernel holds a pid
    /// namespace's dying init until every process that ran in the namespace is reaped, so a
    /// subreaper that only waited for the delete would deadlock with it; conmon reaps as it
    /// goes, and so does this. At most `seconds` (a cap against hanging), then the command is
    /// killed and its exit is nil. `reaped`: how each of `pids` ended.
    @discardableResult
    func runReaping(_ arguments: [String], pids: [Int32], seconds: Double = 60)
        -> (exit: ExitStatus?, stderr: String, reaped: [Int32: ExitStatus]) {
        let errPath = "\(workDir)/reaping-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(errPath) }
        guard let command = try? Spawn(arguments, stdout: .null, stderr: .file(errPath)).start() else { return (nil, "", [:]) }
        var waiting = Set(pids.filter { $0 > 0 }), reaped: [Int32: ExitStatus] = [:]
        let deadline = MonotonicDeadline(seconds: seconds)
        var exit: ExitStatus?
        while exit == nil && !deadline.hasPassed {
            Self.collect(&waiting, into: &reaped)
            exit = ChildProcess.exited(command.pid)
            if exit == nil { usleep(10_000) }
        }
        if exit == nil { ChildProcess.terminate(command.pid, grace: 1) }
        let rest = exits(of: Array(waiting), within: exit == nil ? 0 : 10)
        return (exit, FileIO.contents(errPath), reaped.merging(rest) { first, _ in first })
    }

    /// How each of `pids` (children of the test process) ended, reaping each as it ends; at
    /// most `seconds` (a cap against hanging, not a timing assertion). A pid that had not
    /// ended by then, or that is no child of ours (reaped already), is missing.
    func exits(of pids: [Int32], within seconds: Double = 30) -> [Int32: ExitStatus] {
        var waiting = Set(pids.filter { $0 > 0 }), ended: [Int32: ExitStatus] = [:]
        let deadline = MonotonicDeadline(seconds: seconds)
        while true {
            Self.collect(&waiting, into: &ended)
            if waiting.isEmpty || deadline.hasPassed { return ended }
            usleep(10_000)
        }
    }

    /// How `pid` ended, as `exits(of:)`.
    func exitStatus(of pid: Int32, within seconds: Double = 30) -> ExitStatus? {
        exits(of: [pid], within: seconds)[pid]
    }

    /// One non-blocking wait for each pid in `waiting`: an ended one moves to `ended`, one
    /// that is no child of ours (ECHILD) is dropped.
    private static func collect(_ waiting: inout Set<Int32>, into ended: inout [Int32: ExitStatus]) {
        for pid in waiting {
            var status: Int32 = 0
            let rc = waitpid(pid, &status, WNOHANG)
            guard rc != 0, !(rc < 0 && errno == EINTR) else { continue }
            waiting.remove(pid)
            if rc == pid { ended[pid] = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f) }
        }
    }

    /// Writes `object` as JSON to a file in the work directory; its path.
    func writeJSON(_ object: Any, named name: String) throws -> String {
        let path = workDir + "/" + name
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A process's cgroup files as the host shows them, found through /proc/PID/cgroup and read
/// directly, not through the runtime: v1 (a hierarchy per controller, as on this host) or v2
/// (the unified directory, where the controller has no v1 line).
struct HostCgroupFiles {
    let pid: Int32

    /// (directory, v2) for `controller`; nil when the process is in neither.
    func directory(_ controller: String) -> (path: String, v2: Bool)? {
        var unified: String?
        for line in FileIO.contents("/proc/\(pid)/cgroup").split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            if fields[1].split(separator: ",").contains(Substring(controller)) {
                return ("/sys/fs/cgroup/\(controller)\(fields[2])", false)
            }
            if fields[0] == "0" && fields[1].isEmpty { unified = fields[2] }
        }
        return unified.map { ("/sys/fs/cgroup\($0)", true) }
    }

    /// The trimmed text of the v1 or v2 file of `controller`; "" when it cannot be read.
    func read(_ controller: String, v1: String, v2: String) -> String {
        guard let found = directory(controller) else { return "" }
        return FileIO.contents(found.path + "/" + (found.v2 ? v2 : v1)).trimmingWhitespace()
    }

    var memoryLimit: String { read("memory", v1: "memory.limit_in_bytes", v2: "memory.max") }
    var pidsLimit: String { read("pids", v1: "pids.max", v2: "pids.max") }
    /// The pids in the pids controller's cgroup.procs.
    var processes: Set<Int32> {
        Set(read("pids", v1: "cgroup.procs", v2: "cgroup.procs").split(separator: "\n").compactMap { Int32($0) })
    }

    /// Memory plus swap as v1's memsw states it (v2's memory.swap.max is added to memory.max);
    /// nil where the host keeps no swap account.
    var memoryPlusSwapLimit: String? {
        guard let found = directory("memory") else { return nil }
        if !found.v2 {
            let path = found.path + "/memory.memsw.limit_in_bytes"
            return FileManager.default.fileExists(atPath: path) ? FileIO.contents(path).trimmingWhitespace() : nil
        }
        guard let swap = Int64(FileIO.contents(found.path + "/memory.swap.max").trimmingWhitespace()),
              let memory = Int64(memoryLimit) else { return nil }
        return String(swap + memory)
    }

    /// Whether the freezer holds the cgroup frozen: v1 freezer.state, v2 `frozen` in cgroup.events.
    var freezerState: String {
        guard let found = directory("freezer") else { return "" }
        if !found.v2 { return FileIO.contents(found.path + "/freezer.state").trimmingWhitespace() }
        let frozen = FileIO.contents(found.path + "/cgroup.events").split(separator: "\n").contains("frozen 1")
        return frozen ? "FROZEN" : "THAWED"
    }
}
