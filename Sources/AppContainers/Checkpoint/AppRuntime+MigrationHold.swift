#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A source held by a stop-and-copy move whose dump sent its pages to the destination's page
/// server (`AppCheckpointOptions.sendPages`): the tree stays alive here but frozen, with its
/// host links down, so that its kernel neither answers nor sends for it (no ARP, no TCP
/// acknowledgement of data its copy never gets) while the copy there takes over its address.
/// Released (links up, thawed) it runs on as before the dump: a failed move's rollback, and
/// `start` after a move that was killed (a mark in the container's directory says it is held).
/// Ended once the destination runs.
extension AppRuntime {
    /// Present while a move holds the container frozen after its dump.
    func migrationHoldPath(of id: String) -> String { "\(store.directory(of: id))/migration-hold" }

    /// Whether a move holds container `id` frozen (its command may have been killed).
    public func isHeldForMigration(_ id: String) -> Bool {
        access(migrationHoldPath(of: id), F_OK) == 0
    }

    /// The mark, then `links` down: the dump's post-dump of a held source.
    func holdForMigration(id: String, links: [String], stage: String) throws {
        try FileIO.write(migrationHoldPath(of: id), [])
        do { try HostLinks.takeDown(links, stage: stage) } catch {
            unlink(migrationHoldPath(of: id))
            throw error
        }
    }

    /// After a dump that left the tree alive: CRIU writes back the FROZEN it found; a group
    /// found running even so is frozen again (its links are down: nothing it did reached the
    /// network). One that cannot be frozen runs on, links up, and the dump fails.
    func holdFrozenAfterDump(_ cgroup: Cgroup, links: [String], stage: String) throws {
        guard cgroup.hasFreezer, (try? cgroup.isFrozen()) != true else { return }
        do { try cgroup.freeze() } catch {
            HostLinks.bringUpIgnoringFailures(links)
            try? cgroup.thaw()
            throw CoreError(stage: "\(stage): hold frozen after the dump", errno: error.errno, detail: "\(error); the container runs on")
        }
    }

    /// The held tree runs on here: host links up, cgroup thawed.
    public func releaseMigrationHold(_ reference: String) throws {
        let stage = "resume \(reference) after its move"
        guard let id = try? store.resolve(reference), let live = store.loadRunState(of: id), live.isAlive else {
            throw AppMigrationSourceGone("\(stage): its tree is no longer running here")
        }
        var failure: (any Error)?
        do { try HostLinks.bringUp(live.hostLinks, stage: stage) } catch { failure = error }
        do { try Cgroup.open(path: live.cgroupPath).thaw() } catch {
            failure = failure ?? CoreError(stage: "\(stage): thaw", detail: "\(error)")
        }
        if let failure { throw failure }
        unlink(migrationHoldPath(of: id))
        // The dump's images (all but memory) restore nothing: they go.
        store.movingImages.remove(store.movingImages.directory(of: id))
    }

    /// The destination runs it: the held tree is killed while frozen, then thawed (so it runs
    /// no instruction of its own again), and the container removed here.
    public func endMigrationHold(_ reference: String) throws {
        let id = try store.resolve(reference)
        if let live = store.loadRunState(of: id), live.isAlive {
            let cgroup = try Cgroup.open(path: live.cgroupPath)
            try cgroup.killAll(signal: SIGKILL)
            try cgroup.thaw()
        }
        try remove(reference, force: true)
    }
}
