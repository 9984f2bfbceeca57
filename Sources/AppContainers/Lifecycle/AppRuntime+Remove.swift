#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// Removes a container: its directory (upper layer included), name and run state. A
    /// running one needs `force`, which kills it first. Returns once its cgroup, links and
    /// run state are gone: a container that has just ended may still have its supervisor
    /// removing them, and that is waited for (as `docker rm` does), never raced.
    public func remove(_ reference: String, force: Bool = false) throws {
        let id = try store.resolve(reference)
        let record = try store.loadRecord(of: id)
        if let live = store.loadRunState(of: id) {
            if live.isAlive {
                guard force else {
                    throw CoreError(stage: "container \(record.name)", errno: EBUSY,
                                    detail: "is running; stop it first (cbench app stop \(record.name)) or remove it with -f")
                }
                try killEverything(live)
            }
            try awaitSupervisor(record, live)
        }
        store.removeFiles(id: id, name: record.name)
    }
}
