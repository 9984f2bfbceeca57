#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// After the container's process ended: the rest of its cgroup is killed and the cgroup,
    /// links and run state go; the exit is recorded, and with `--rm` the container goes too.
    /// Public for drivers that wait for the process themselves (`launchSupervised`).
    public func finish(_ live: LiveAppContainer, status: ExitStatus) {
        live.ports?.close()
        finish(live.record, cgroup: live.cgroup, hostLinks: live.runState.hostLinks, status: status)
    }

    /// The end of a container whichever process waited for it (this one, or its monitor).
    /// The exit is recorded before the run state goes, so whoever waits for the run state to
    /// go (a stop, with the store's shared monitor) finds the exit code in place.
    func finish(_ record: AppContainerRecord, cgroup: Cgroup?, hostLinks: [String], status: ExitStatus) {
        // A checkpoint that ends a --rm container (`checkpoint --export`) still needs its files;
        // that command removes the container after its export.
        if record.config.autoRemove && access(store.checkpointJournalPath(of: record.id), F_OK) != 0 {
            // The container's directory goes on a thread of its own while the cgroup, links
            // and run directory go here: where the store's file system is mounted with
            // `discard` (this project's VMs: ext4 without a journal), every removed directory
            // waits for its discard, and the two series of waits overlap. Both are done before
            // this returns: a `--rm` container is gone when its command returns.
            let store = self.store
            PlainThread.alongside({ store.removeFiles(id: record.id, name: record.name, keepingRunDirectory: true) }) {
                if let cgroup { Self.removeCgroup(cgroup) }
                networking.disconnect(record, store: store, hostLinks: hostLinks)
                store.removeRunDirectory(of: record.id)
            }
            return
        }
        // Read before the cgroup goes.
        let oomKilled = (cgroup?.oomKills() ?? 0) > 0
        if let cgroup { Self.removeCgroup(cgroup) }
        networking.disconnect(record, store: store, hostLinks: hostLinks)
        let started = store.savedState(of: record.id)?.startedAt
        try? store.saveState(AppContainerState(status: .exited, exitCode: status.exitCodeForShell,
                                               startedAt: started, finishedAt: RFC3339.now(nanoseconds: true), oomKilled: oomKilled), of: record.id)
        store.removeRunDirectory(of: record.id)
    }
}
