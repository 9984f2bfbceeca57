#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// After the container's process ended: the rest of its cgroup is killed and the cgroup,
    /// links and run state go; the exit is recorded, and with `--rm` the container goes too.
    /// Public for drivers that wait for the process themselves (`launchSupervised`).
    public func finish(_ live: LiveAppContainer, status: ExitStatus) {
        let record = live.record
        live.ports?.close()
        // Read before the cgroup goes; a --rm container keeps no state to show it in.
        let oomKilled = record.config.autoRemove ? false : (live.cgroup.oomKills() ?? 0) > 0
        Self.removeCgroup(live.cgroup)
        networking.disconnect(record, store: store, hostLinks: live.runState.hostLinks)
        store.removeRunDirectory(of: record.id)
        if record.config.autoRemove {
            store.removeFiles(id: record.id, name: record.name)
            return
        }
        let started = store.savedState(of: record.id)?.startedAt
        try? store.saveState(AppContainerState(status: .exited, exitCode: status.exitCodeForShell,
                                               startedAt: started, finishedAt: RFC3339.now(nanoseconds: true), oomKilled: oomKilled), of: record.id)
    }
}
