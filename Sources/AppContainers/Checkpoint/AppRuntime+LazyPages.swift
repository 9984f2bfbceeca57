#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// Post-copy's two ends in this mode: the destination's lazy-pages daemon around the restore,
/// and the source's tree resumed when its lazy dump is ended before the move is done.
extension AppRuntime {
    /// Starts `criu lazy-pages` on the imported images, pulling from the source's page server
    /// over the connection made to it (the daemon holds its own copy; ours is closed), and
    /// waits until it listens for the restore.
    func startLazyPagesDaemon(_ record: AppContainerRecord, images: String, from source: AppLazyPageSource,
                              service: CRIUService = CRIUService()) throws -> pid_t {
        defer { close(source.connection) }
        let daemon = try service.startingLazyPagesDaemon(imageDirectory: images, workDirectory: nil, source: source.address,
                                                         connection: source.connection)
        do {
            try service.awaitLazyPagesDaemon(daemon, workDirectory: images)
        } catch {
            service.finishLazyPagesDaemon(daemon, timeoutMilliseconds: 0)
            throw CoreError(stage: "restore \(record.name): lazy pages from \(source.address)", detail: "\(error)")
        }
        return daemon
    }

    /// Stop-and-copy's lazy restore: `criu lazy-pages` on the images here (the pages the move's
    /// page server received), listening once this returns; the tree then runs before 256 MB
    /// are read back.
    func startLocalLazyPagesDaemon(_ record: AppContainerRecord, images: String, service: CRIUService = CRIUService()) throws -> pid_t {
        do { return try service.startLazyPagesDaemon(imageDirectory: images, workDirectory: nil, source: nil) } catch {
            throw CoreError(stage: "restore \(record.name): lazy pages from \(images)", detail: "\(error)")
        }
    }

    /// Waits until the daemon has every page in. One that did not end with 0 left the restored
    /// tree with memory it never got: the container is removed, and the error says why.
    func finishLazyPages(_ record: AppContainerRecord, daemon: pid_t, images: String, service: CRIUService = CRIUService()) throws {
        let ended = service.finishLazyPagesDaemon(daemon)
        guard ended == .exited(0) else {
            let failure = service.lazyPagesFailure(ended, workDirectory: images)
            try? remove(record.name, force: true)
            throw CoreError(stage: "restore \(record.name): lazy pages", detail: "\(failure); the restored container was removed: its memory was incomplete")
        }
    }

    /// The source's tree after its lazy dump was ended before every page had gone (a rollback):
    /// the dump kept it frozen (the destination may have run a copy by then); once that copy is
    /// gone it runs on here, as it was. A tree that is gone throws `AppMigrationSourceGone`.
    public func resumeAfterLazyDump(_ reference: String) throws {
        let stage = "resume \(reference) after its lazy dump"
        guard let id = try? store.resolve(reference), let live = store.loadRunState(of: id), live.isAlive else {
            // CRIU takes its page server's peer going away for the last page served, and then
            // ends the tree as after any dump: a destination that failed after its lazy-pages
            // daemon connected, and ended it, took the source with it.
            throw AppMigrationSourceGone("\(stage): its tree ended with the dump, which CRIU finishes once the destination's lazy-pages daemon is gone")
        }
        try Cgroup.open(path: live.cgroupPath).thaw()
    }
}
