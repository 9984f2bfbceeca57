#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// What a cbench app restore makes before CRIU gets its request: the run directory, the
/// cgroup, for images without the network namespace (`CheckpointManifest.networkOutsideImages`) a namespace
/// with the veths wired (host ends down until CRIU's post-restore), and CRIU started (inside
/// that namespace), waiting. A move's destination makes it before the source freezes (the
/// monitor's launcher, told `go` once the images are in: `AppPreparedLaunch`); a plain restore
/// makes it at once. `discard` removes all of it when the restore fails or never comes.
final class AppRestorePreparation {
    let record: AppContainerRecord
    let cgroup: Cgroup
    let networking: AppNetworking?
    /// The namespace CRIU runs in, held by this descriptor (-1: CRIU restores the images' own).
    private(set) var namespace: Int32
    /// The host ends made here (none when CRIU makes the veths).
    private(set) var hostLinks: [String]
    /// CRIU, started with the restore's stdio (inside `namespace` when there is one).
    private var worker: CRIUWorker?
    private var discarded = false

    init(record: AppContainerRecord, cgroup: Cgroup, networking: AppNetworking?, namespace: Int32, hostLinks: [String],
         worker: CRIUWorker?) {
        self.record = record
        self.cgroup = cgroup
        self.networking = networking
        self.namespace = namespace
        self.hostLinks = hostLinks
        self.worker = worker
    }

    deinit {
        if namespace >= 0 { close(namespace) }
    }

    /// Whether CRIU runs in a namespace made here.
    var runsInNetworkNamespace: Bool { namespace >= 0 }

    /// Whether the restore of a tree launched from `spec` makes its namespace when the images
    /// leave it out (`CheckpointManifest.networkOutsideImages`): a namespace of its own (none
    /// joined by path), no user namespace (whose namespace this one would not be), as a move's
    /// dump leaves it out (`AppCheckpointOptions.dumpRunsInNetworkNamespace`).
    static func makesNamespace(for spec: LaunchSpec) -> Bool {
        spec.namespaces.contains { $0.kind == .network && $0.path == nil } && !spec.namespaces.contains { $0.kind == .user }
    }

    /// The CRIU that was waiting, for the restore's request (once: the restore owns it then).
    func takeWorker() -> CRIUWorker? {
        defer { worker = nil }
        return worker
    }

    /// The namespace given up (images that hold their own): CRIU, which runs in it, ended, the
    /// host ends deleted, the descriptor closed; the restore starts its own CRIU.
    func dropNetworkNamespace() {
        guard namespace >= 0 else { return }
        worker?.cancel()
        worker = nil
        for link in hostLinks { try? networking?.deleteLinkIfPresent(link) }
        hostLinks = []
        close(namespace)
        namespace = -1
    }

    /// Everything it made: CRIU ended, the host ends gone, the namespace closed, whatever runs
    /// in the cgroup killed and the cgroup removed, the run directory gone.
    func discard(store: AppStore) {
        guard !discarded else { return }
        discarded = true
        dropNetworkNamespace()
        worker?.cancel()
        worker = nil
        AppRuntime.removeCgroup(cgroup)
        store.removeRunDirectory(of: record.id)
    }
}

extension AppRuntime {
    /// Makes what `restoreLaunch` makes before CRIU (see `AppRestorePreparation`) for `record`,
    /// whose checkpoint attached it to `attachments` (host ends named for this container);
    /// `networkInNamespace`: the namespace is made and wired here. All or nothing.
    func prepareRestoreLaunch(_ record: AppContainerRecord, attachments: [AppNetworkAttachment], stdio: (Int32, Int32, Int32),
                              networkInNamespace: Bool, service: CRIUService = CRIUService()) throws -> AppRestorePreparation {
        let id = record.id
        let stage = "restore \(record.name): prepare"
        if let running = store.loadRunState(of: id), running.isAlive {
            throw CoreError(stage: stage, errno: EBUSY, detail: "is already running (pid \(running.pid))")
        }
        try clearStale(record)
        let (_, security) = try containerSpec(record)
        let networking = attachments.isEmpty ? nil : try AppNetworking.real(store: AppNetworkStore(root: store.root + "/networks"))
        try store.makeRunDirectory(of: id)
        var cgroup: Cgroup?
        var namespace: Int32 = -1
        var hostLinks: [String] = []
        var worker: CRIUWorker?
        do {
            let group = try createCgroup(record, security: security)
            cgroup = group
            if networkInNamespace {
                namespace = try NetworkNamespace.createAnonymous(stage: stage)
                let inside = RouteNetlink(socket: try NetlinkRouteSocket(namespaceDescriptor: namespace))
                try inside.setUp("lo")
                hostLinks = try networking?.wireForRestore(attachments, containerID: id, namespace: namespace, inside: inside) ?? []
            }
            worker = try service.spawn(passing: [0: stdio.0, 1: stdio.1, 2: stdio.2], networkNamespace: namespace >= 0 ? namespace : nil,
                                       stage: stage)
            return AppRestorePreparation(record: record, cgroup: group, networking: networking, namespace: namespace,
                                         hostLinks: hostLinks, worker: worker)
        } catch {
            worker?.cancel()
            for link in hostLinks { try? networking?.deleteLinkIfPresent(link) }
            if namespace >= 0 { close(namespace) }
            if let cgroup { Self.removeCgroup(cgroup) }
            store.removeRunDirectory(of: id)
            throw error
        }
    }
}
