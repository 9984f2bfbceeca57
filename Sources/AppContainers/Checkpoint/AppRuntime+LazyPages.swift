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

    /// Post-copy's source once CRIU serves its pages: its host links down, so that its kernel
    /// neither answers nor sends for it while the copy takes over its address (CRIU lifts its
    /// network lock before it serves the pages, and the tree, ended later, closes TCP sockets no
    /// longer in repair mode). Not before the dump: taken down then, the copy's CRIU restore
    /// failed (MigrationLabAppPostCopyTests, 2026-12-05 07:38 UTC). A failure puts them back up.
    public func takeHostLinksDown(afterLazyDumpOf reference: String) throws {
        guard let id = try? store.resolve(reference), let live = store.loadRunState(of: id), live.isAlive else { return }
        // The hold of `AppRuntime+MigrationHold`: marked, so `start` resumes it after a killed move.
        try holdForMigration(id: id, links: live.hostLinks, stage: "checkpoint \(reference) (post-copy)")
    }
}
