#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemStore {
    /// Present while a migration holds the container frozen after its dump (see `holdForMigration`).
    public func migrationHoldPath(of name: String) -> String { "\(directory(of: name))/migration-hold" }
}

/// A source held by a migration whose final dump sent its pages to the destination's page
/// server: the dump left the tree alive but frozen (CRIU writes back the FROZEN it found when
/// it leaves a tree running), with its host veth ends down so that its kernel neither answers
/// nor sends for it while the copy takes over its address. Released (links up, thawed) it runs
/// on as before the dump: a failed move's rollback, and `start` after a killed command. Ended
/// once the destination runs.
///
/// Every other final dump of a container with veth links holds it the same way while CRIU
/// works, as the network lock in place of CRIU's iptables one (`dump`): a failed dump releases
/// it, a finished one ends the tree and removes the mark, and `start` releases the hold of a
/// command killed in between.
extension SystemRuntime {
    /// Marks the hold and takes the container's host links down; called with the tree frozen,
    /// before CRIU. A failure puts the links back up (the caller thaws).
    func holdForMigration(_ record: SystemStateRecord, stage: String) throws {
        let links = record.hostLinks ?? []
        let path = store.migrationHoldPath(of: record.name)
        try FileIO.write(path, Array((links.joined(separator: "\n") + "\n").utf8))
        do { try HostLinks.takeDown(links, stage: stage, detailSuffix: "; the container runs on") } catch {
            unlink(path)
            throw error
        }
    }

    /// Whether a migration holds `name` frozen (its command may have been killed).
    public func isHeldForMigration(_ name: String) -> Bool {
        access(store.migrationHoldPath(of: name), F_OK) == 0
    }

    /// The tree runs on here: host links up, cgroup thawed, the hold removed.
    func releaseMigrationHold(_ name: String) throws {
        let stage = "resume \(name) after its migration"
        let record = try requireRunning(name)
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        var failure: (any Error)?
        do { try HostLinks.bringUp(record.hostLinks ?? [], stage: stage) } catch { failure = error }
        do { try cgroup.thaw() } catch { failure = failure ?? CoreError(stage: "\(stage): thaw", errno: error.errno, detail: "\(error)") }
        if let failure { throw failure }
        unlink(store.migrationHoldPath(of: name))
    }

    /// The destination runs: the held tree is killed (signalled while frozen, then thawed, so
    /// it runs no instruction of its own again) and its records and cgroup go.
    func endMigrationHold(_ name: String) throws {
        let record = try requireRunning(name)
        let cgroup = try Cgroup.open(path: record.cgroupPath)
        try cgroup.killAll(signal: SIGKILL)
        try cgroup.thaw()
        ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime, timeoutMilliseconds: 10_000)
        try finishStopped(record)
        unlink(store.migrationHoldPath(of: name))
    }
}
