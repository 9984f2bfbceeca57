#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Moves `pid` (its whole thread group) into the cgroup in every hierarchy.
    public func addProcess(_ pid: Int32) throws(CoreError) {
        for directory in directories {
            do { try fs.write(directory.file("cgroup.procs"), String(pid)) } catch {
                throw CoreError(stage: "cgroup write cgroup.procs", errno: error.errno, detail: "pid \(pid) to \(directory.path)")
            }
        }
    }

    /// Every process in the cgroup, sorted. On v1 the union over hierarchies, so a process
    /// only partly moved in is still found.
    public func pids() throws(CoreError) -> [Int32] {
        var found: Set<Int32> = []
        for directory in directories {
            let text: String
            do { text = try fs.read(directory.file("cgroup.procs")) } catch {
                throw CoreError(stage: "cgroup read cgroup.procs", errno: error.errno, detail: directory.path)
            }
            for line in text.split(separator: "\n") {
                if let pid = Int32(String(line).trimmingWhitespace()) { found.insert(pid) }
            }
        }
        return found.sorted()
    }

    /// Sends `signal` to every process in the cgroup. Frozen meanwhile when a freezer is at
    /// hand, so no process can fork a new one that the signal misses; a process that exits
    /// first (ESRCH) is fine. On v1 a frozen task acts on the signal once thawed. An empty
    /// cgroup (a container whose processes all ended) is not frozen: no process in it can
    /// fork, so there is nothing to hold still.
    public func killAll(signal: Int32) throws(CoreError) {
        let present = try pids()
        if present.isEmpty { return }
        // A paused container stays paused afterwards.
        var canFreeze = hasFreezer
        if canFreeze { canFreeze = try !isFrozen() }
        if canFreeze { try freeze() }
        var failure: CoreError?
        do {
            // Listed again once frozen: a child forked meanwhile is signalled too.
            for pid in canFreeze ? try pids() : present {
                let result = host.sendSignal(pid, signal)
                if result != 0 && result != ESRCH && failure == nil {
                    failure = CoreError(stage: "cgroup kill pid \(pid)", errno: result, detail: "signal \(signal)")
                }
            }
        } catch {
            failure = error
        }
        if canFreeze { try thaw() }
        if let failure { throw failure }
    }
}
